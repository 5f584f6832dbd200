package dev.otlp.runtime.receiver;

import dev.otlp.runtime.config.ReceiverConfig;
import dev.otlp.runtime.reload.CredentialWatcher;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import dev.otlp.runtime.testing.PollingAwait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The receivers' API keys as the key files hold them, and as they change. */
class ApiKeyCheckTest {

    private static final Duration TAKES_EFFECT_WITHIN = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final RuntimeMetrics metrics = new RuntimeMetrics();
    private final CredentialWatcher watcher = new CredentialWatcher(metrics);

    @AfterEach
    void stop() {
        watcher.close();
    }

    private ApiKeyCheck check(Path keys, Path previous) throws Exception {
        ApiKeyCheck check = ApiKeyCheck.from(new ReceiverConfig("127.0.0.1", 0, 0, 1024, null, null, null, keys.toString(),
                previous == null ? null : previous.toString(), "X-API-Key"), watcher);
        watcher.start();
        return check;
    }

    @Test
    void acceptsEveryKeyOfTheFileOnePerLineIgnoringCommentsBlankLinesAndSurroundingBlanks() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys"), "# current keys\n  key-a  \n\n\tkey-b\n#key-c\n");

        ApiKeyCheck check = check(keys, dir.resolve("absent"));

        assertThat(check.accepts("key-a", null)).isTrue();
        assertThat(check.accepts(null, "Bearer key-b")).isTrue();
        assertThat(check.accepts("key-c", null)).as("a commented-out key").isFalse();
        assertThat(check.accepts("#key-c", null)).as("a comment line").isFalse();
        assertThat(check.accepts("", null)).as("a blank line").isFalse();
        assertThat(check.accepts(null, null)).isFalse();
    }

    @Test
    void keepsThePreviousKeysWhenTheFileIsEmptiedAndSaysWhy() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys"), "key-a\n");
        ApiKeyCheck check = check(keys, null);

        Files.writeString(keys, "# nothing here\n\n");
        PollingAwait.until("the failed reload", TAKES_EFFECT_WITHIN, () -> !watcher.failures().isEmpty());

        assertThat(check.accepts("key-a", null)).as("the previous key").isTrue();
        assertThat(check.accepts("# nothing here", null)).isFalse();
        assertThat(watcher.failures()).singleElement().asString().contains("receiver.api_key_file", keys.toString(), "holds no key");
        assertThat(metrics.scrape()).contains("otlp_config_reload_total{result=\"failure\"} 1.0");

        Files.writeString(keys, "key-b\n");
        PollingAwait.until("the repaired file loaded", TAKES_EFFECT_WITHIN, () -> check.accepts("key-b", null));
        assertThat(check.accepts("key-a", null)).isFalse();
        assertThat(watcher.failures()).isEmpty();
    }

    @Test
    void acceptsThePreviousFileKeysWhileItExists() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys"), "key-new\n");
        Path previous = dir.resolve("previous");
        ApiKeyCheck check = check(keys, previous);
        assertThat(check.accepts("key-old", null)).as("before the previous file exists").isFalse();

        Files.writeString(previous, "key-old\n");
        PollingAwait.until("the previous key accepted", TAKES_EFFECT_WITHIN, () -> check.accepts("key-old", null));
        assertThat(check.accepts("key-new", null)).isTrue();

        Files.delete(previous);
        PollingAwait.until("the previous key refused", TAKES_EFFECT_WITHIN, () -> !check.accepts("key-old", null));
        assertThat(check.accepts("key-new", null)).isTrue();
        assertThat(watcher.failures()).as("an absent previous file is no failure").isEmpty();
    }
}
