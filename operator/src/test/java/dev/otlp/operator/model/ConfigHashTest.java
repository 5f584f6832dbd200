package dev.otlp.operator.model;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigHashTest {

    private static final String CONFIG = "[upstream]\nendpoint = \"https://collector:4317\"\n";

    private static Map<String, Map<String, String>> secrets() {
        Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        secrets.put("gateway-receiver-tls", new LinkedHashMap<>(Map.of("tls.crt", "Y2VydA==", "tls.key", "a2V5")));
        secrets.put("vendor-api-key", new LinkedHashMap<>(Map.of("key", "c2VjcmV0")));
        return secrets;
    }

    @Test
    void isSixteenHexCharactersAndTheSameForTheSameInput() {
        String hash = ConfigHash.of(CONFIG, secrets());

        assertThat(hash).hasSize(16).matches("[0-9a-f]+");
        assertThat(ConfigHash.of(CONFIG, secrets())).isEqualTo(hash);
    }

    @Test
    void changesWithTheConfig() {
        assertThat(ConfigHash.of(CONFIG + "\n", secrets())).isNotEqualTo(ConfigHash.of(CONFIG, secrets()));
    }

    @Test
    void changesWithAnySecretByte() {
        String hash = ConfigHash.of(CONFIG, secrets());
        Map<String, Map<String, String>> changedValue = secrets();
        changedValue.get("vendor-api-key").put("key", "c2VjcmVU");
        Map<String, Map<String, String>> addedKey = secrets();
        addedKey.get("vendor-api-key").put("key2", "");
        Map<String, Map<String, String>> renamedSecret = secrets();
        renamedSecret.put("vendor-api-key2", renamedSecret.remove("vendor-api-key"));
        Map<String, Map<String, String>> addedSecret = secrets();
        addedSecret.put("oauth2", Map.of());

        assertThat(ConfigHash.of(CONFIG, changedValue)).isNotEqualTo(hash);
        assertThat(ConfigHash.of(CONFIG, addedKey)).isNotEqualTo(hash);
        assertThat(ConfigHash.of(CONFIG, renamedSecret)).isNotEqualTo(hash);
        assertThat(ConfigHash.of(CONFIG, addedSecret)).isNotEqualTo(hash);
    }

    @Test
    void bytesMovedBetweenFieldsChangeIt() {
        assertThat(ConfigHash.of(CONFIG, Map.of("s", Map.of("ab", "c"))))
                .isNotEqualTo(ConfigHash.of(CONFIG, Map.of("s", Map.of("a", "bc"))));
        assertThat(ConfigHash.of("a", Map.of("b", Map.of())))
                .isNotEqualTo(ConfigHash.of("ab", Map.of("", Map.of())));
    }

    @Test
    void missingSecretDiffersFromEmptySecret() {
        Map<String, Map<String, String>> missing = new HashMap<>();
        missing.put("vendor-api-key", null);

        assertThat(ConfigHash.of(CONFIG, missing)).isNotEqualTo(ConfigHash.of(CONFIG, Map.of("vendor-api-key", Map.of())));
    }

    @Test
    void mapOrderNeverChangesIt() {
        Map<String, Map<String, String>> reversed = new LinkedHashMap<>();
        reversed.put("vendor-api-key", Map.of("key", "c2VjcmV0"));
        Map<String, String> tls = new LinkedHashMap<>();
        tls.put("tls.key", "a2V5");
        tls.put("tls.crt", "Y2VydA==");
        reversed.put("gateway-receiver-tls", tls);

        assertThat(ConfigHash.of(CONFIG, reversed)).isEqualTo(ConfigHash.of(CONFIG, secrets()));
    }
}
