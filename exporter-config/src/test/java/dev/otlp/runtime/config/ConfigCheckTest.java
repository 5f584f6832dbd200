package dev.otlp.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private Path file(String toml) throws IOException {
        return Files.writeString(dir.resolve("config.toml"), toml);
    }

    @Test
    void confirmsAValidFileWithItsProfileAndUpstream() throws IOException {
        Path config = file("""
                [otlp]
                endpoint = "https://collector.example.com:4317"
                [performance]
                profile = "high-throughput"
                """);

        assertThat(ConfigCheck.run(config, Map.of(), out)).isEqualTo(ConfigCheck.VALID);
        assertThat(output()).isEqualTo("config OK: " + config
                + " (profile high-throughput, upstream grpc https://collector.example.com:4317)" + System.lineSeparator());
    }

    @Test
    void refusesAPersistentQueueDirectoryThatCannotBeCreated() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "");
        Path config = file("""
                [queue]
                persistent = true
                directory = "%s/queue"
                """.formatted(notADirectory));

        assertThat(ConfigCheck.run(config, Map.of(), out)).isEqualTo(ConfigCheck.INVALID);
        assertThat(output()).contains("queue.directory: cannot write to " + notADirectory + "/queue");
    }

    @Test
    void refusesAnEmptySecretFileAsStartUpWould() throws IOException {
        Path empty = Files.writeString(dir.resolve("api-key"), "\n");
        Path config = file("""
                [receiver]
                api_key_file = "%s"
                """.formatted(empty));

        assertThat(ConfigCheck.run(config, Map.of(), out)).isEqualTo(ConfigCheck.INVALID);
        assertThat(output()).isEqualTo("receiver.api_key_file: " + empty + " is empty; it must hold the secret"
                + System.lineSeparator());
    }

    @Test
    void acceptsAReceiverKeyListWithAPreviousKeysFileThatIsAbsent() throws IOException {
        Path keys = Files.writeString(dir.resolve("api-key"), "# rotated 2026-12-07\nkey-2\n");
        Path config = file("""
                [receiver]
                api_key_file = "%s"
                api_key_previous_file = "%s"
                """.formatted(keys, dir.resolve("api-key.previous")));

        assertThat(ConfigCheck.run(config, Map.of(), out)).isEqualTo(ConfigCheck.VALID);
    }

    @Test
    void refusesAReceiverKeyFileOfCommentsOnly() throws IOException {
        Path keys = Files.writeString(dir.resolve("api-key"), "# no key yet\n\n");
        Path config = file("""
                [receiver]
                api_key_file = "%s"
                """.formatted(keys));

        assertThat(ConfigCheck.run(config, Map.of(), out)).isEqualTo(ConfigCheck.INVALID);
        assertThat(output()).contains("receiver.api_key_file: " + keys + " is empty; it must hold the secret");
    }

    @Test
    void refusesPreviousReceiverKeysWithoutCurrentOnes() throws IOException {
        Path config = file("""
                [receiver]
                api_key_previous_file = "%s"
                """.formatted(dir.resolve("api-key.previous")));

        assertThat(ConfigCheck.run(config, Map.of(), out)).isEqualTo(ConfigCheck.INVALID);
        assertThat(output()).contains("receiver.api_key_previous_file: previous keys need current ones");
    }

    @Test
    void acceptsAPersistentQueueDirectoryItWillCreate() throws IOException {
        Path config = file("""
                [queue]
                persistent = true
                directory = "%s/not-yet/queue"
                sync = "fsync"
                """.formatted(dir));

        assertThat(ConfigCheck.run(config, Map.of(), out)).isEqualTo(ConfigCheck.VALID);
    }

    @Test
    void confirmsTheEmbeddedDefault() {
        assertThat(ConfigCheck.run(null, Map.of(), out)).isEqualTo(ConfigCheck.VALID);
        assertThat(output()).isEqualTo("config OK: embedded default (profile balanced, upstream grpc debug)"
                + System.lineSeparator());
    }

    @Test
    void printsEveryProblemWithItsKeyAndFails() {
        int exit = ConfigCheck.run(Fixtures.path(Fixtures.BASIC), Map.of("OTLP_TIMEOUT", "soon"), out);

        assertThat(exit).isEqualTo(ConfigCheck.INVALID);
        assertThat(output().lines()).containsExactly(
                "env OTLP_TIMEOUT: \"soon\" is not a duration; write a number and a unit (ns, us, ms, s, m, h),"
                        + " e.g. \"100ms\" or \"30s\"",
                "otlp.endpoint: http://localhost:4317 points at this runtime's own gRPC receiver"
                        + " (receiver.grpc_port = 4317); set otlp.endpoint to your collector, or move the receiver"
                        + " with [receiver] grpc_port");
    }

    @Test
    void checksThatReferencedFilesExist() {
        int exit = ConfigCheck.run(Fixtures.path(Fixtures.TLS), Map.of(), out);

        assertThat(exit).isEqualTo(ConfigCheck.INVALID);
        assertThat(output()).contains("tls.cert_file: cannot read /etc/ssl/certs/client.crt");
    }

    @Test
    void reportsAMissingFile() {
        Path missing = dir.resolve("nope.toml");

        assertThat(ConfigCheck.run(missing, Map.of(), out)).isEqualTo(ConfigCheck.INVALID);
        assertThat(output()).isEqualTo(missing + ": cannot read the config file: it does not exist" + System.lineSeparator());
    }

    @Test
    void neverPrintsASecret() throws IOException {
        Path keyFile = Files.writeString(dir.resolve("key"), "s3cr3t-in-file");
        String secrets = """
                [otlp]
                endpoint = "https://user:s3cr3t-password@collector.example.com:4317"
                [otlp.headers]
                authorization = "Bearer s3cr3t-token"
                [authentication]
                api_key = "s3cr3t-key"
                [oauth2]
                client_secret = "s3cr3t-oauth"
                [receiver]
                api_key = "s3cr3t-receiver"
                """;

        int valid = ConfigCheck.run(file(secrets), Map.of(), out);
        int invalid = ConfigCheck.run(file(secrets + "api_key_file = \"" + keyFile + "\"\nmystery = \"s3cr3t-typo\"\n"),
                Map.of("OAUTH2_CLIENT_SECRET", "s3cr3t-env", "RECEIVER_GRPC_PORT", "not-a-port"), out);

        assertThat(valid).isEqualTo(ConfigCheck.VALID);
        assertThat(invalid).isEqualTo(ConfigCheck.INVALID);
        assertThat(output()).contains("config OK", "receiver.api_key: set api_key or api_key_file, not both",
                "receiver.mystery: unknown key", "upstream grpc https://collector.example.com:4317");
        assertThat(output()).doesNotContain("s3cr3t-password", "s3cr3t-token", "s3cr3t-key", "s3cr3t-oauth",
                "s3cr3t-receiver", "s3cr3t-in-file", "s3cr3t-env", "s3cr3t-typo");
    }
}
