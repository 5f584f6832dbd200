package dev.otlp.operator.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What the pods read only at start-up: the config and which Secret keys are mounted where, not the Secrets' contents. */
class ConfigHashTest {

    private static final String CONFIG = "[upstream]\nendpoint = \"https://collector:4317\"\n";

    private static SecretMount apiKey(String secretName, String key) {
        return new SecretMount("upstream-api-key", secretName, MountPaths.UPSTREAM_API_KEY_DIR, List.of(key),
                List.of(MountPaths.API_KEY_ITEM), Optional.of("spec.upstream.auth.apiKey.secretRef"));
    }

    private static List<SecretMount> mounts() {
        return List.of(apiKey("vendor-api-key", "key"));
    }

    @Test
    void isSixteenHexCharactersAndTheSameForTheSameInput() {
        String hash = ConfigHash.of(CONFIG, mounts());

        assertThat(hash).hasSize(16).matches("[0-9a-f]+");
        assertThat(ConfigHash.of(CONFIG, mounts())).isEqualTo(hash);
    }

    @Test
    void changesWithTheConfig() {
        assertThat(ConfigHash.of(CONFIG + "\n", mounts())).isNotEqualTo(ConfigHash.of(CONFIG, mounts()));
    }

    @Test
    void changesWithWhichSecretKeysAreMounted() {
        String hash = ConfigHash.of(CONFIG, mounts());

        assertThat(ConfigHash.of(CONFIG, List.of(apiKey("vendor-api-key-2", "key")))).as("another Secret").isNotEqualTo(hash);
        assertThat(ConfigHash.of(CONFIG, List.of(apiKey("vendor-api-key", "key2")))).as("another key").isNotEqualTo(hash);
        assertThat(ConfigHash.of(CONFIG, List.of(apiKey("vendor-api-key", "key").withPreviousKeys())))
                .as("its previous key too").isNotEqualTo(hash);
        assertThat(ConfigHash.of(CONFIG, List.of())).as("none").isNotEqualTo(hash);
    }

    @Test
    void bytesMovedBetweenFieldsChangeIt() {
        assertThat(ConfigHash.of(CONFIG, List.of(apiKey("ab", "c"))))
                .isNotEqualTo(ConfigHash.of(CONFIG, List.of(apiKey("a", "bc"))));
        assertThat(ConfigHash.of("a", List.of(apiKey("b", "k"))))
                .isNotEqualTo(ConfigHash.of("ab", List.of(apiKey("", "k"))));
    }
}
