package dev.otlp.runtime.config;

import static dev.otlp.runtime.config.Fixtures.fromToml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigValidatorTest {

    private static List<ConfigProblem> problemsOf(String toml) {
        return ConfigValidator.validate(fromToml(toml), FileChecks.OFF);
    }

    @Test
    void refusesTheSeedsBasicExampleBecauseItPointsAtTheRuntimesOwnGrpcReceiver() {
        List<ConfigProblem> problems = ConfigValidator.validate(Fixtures.load(Fixtures.BASIC), FileChecks.OFF);

        assertThat(problems).containsExactly(new ConfigProblem("otlp.endpoint",
                "http://localhost:4317 points at this runtime's own gRPC receiver (receiver.grpc_port = 4317);"
                        + " set otlp.endpoint to your collector, or move the receiver with [receiver] grpc_port"));
        assertThat(problems.get(0).toString()).isEqualTo("otlp.endpoint: http://localhost:4317 points at this"
                + " runtime's own gRPC receiver (receiver.grpc_port = 4317); set otlp.endpoint to your collector,"
                + " or move the receiver with [receiver] grpc_port");
    }

    @Test
    void acceptsTheBasicExampleOnceTheEndpointOrTheReceiverPortChanges() throws IOException {
        RuntimeConfig collector = Fixtures.load(Fixtures.BASIC, Map.of("OTLP_ENDPOINT", "http://otel-collector:4317"));
        String movedReceiver = Files.readString(Fixtures.path(Fixtures.BASIC)) + "\n[receiver]\ngrpc_port = 14317\n";

        assertThat(ConfigValidator.validate(collector, FileChecks.OFF)).isEmpty();
        assertThat(problemsOf(movedReceiver)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.7:4318 | | HTTP receiver (receiver.http_port = 4318)",
            "http://[::1]:4317 | | gRPC receiver (receiver.grpc_port = 4317)",
            "https://0.0.0.0:4318 | | HTTP receiver (receiver.http_port = 4318)",
            "http://my-relay.localhost:4317 | | gRPC receiver",
            "http://10.1.2.3:4317 | 10.1.2.3 | gRPC receiver"})
    void refusesAnEndpointThatIsItsOwnReceiver(String endpoint, String receiverHost, String names) {
        String receiver = receiverHost == null ? "" : "[receiver]\nhost = \"" + receiverHost + "\"\n";
        List<ConfigProblem> problems = problemsOf("[otlp]\nendpoint = \"" + endpoint + "\"\n" + receiver);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("otlp.endpoint");
            assertThat(problem.message()).startsWith(endpoint + " points at this runtime's own " + names);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[otlp]\nendpoint = \"http://otel-collector:4317\"\n",
            "[otlp]\nendpoint = \"http://localhost:14317\"\n",
            "[otlp]\nendpoint = \"http://10.1.2.3:4317\"\n",
            "[otlp]\nendpoint = \"https://api.vendor.example\"\n",
            "[otlp]\nendpoint = \"http://localhost:4317\"\n[receiver]\ngrpc_port = 0\nhttp_port = 0\n"})
    void acceptsAnEndpointThatIsSomeoneElse(String toml) {
        assertThat(problemsOf(toml)).isEmpty();
    }

    @Test
    void acceptsTheSeedsOtherExamplesWhenFilesAreNotChecked() {
        assertThat(ConfigValidator.validate(Fixtures.load(Fixtures.ADVANCED), FileChecks.OFF)).isEmpty();
        assertThat(ConfigValidator.validate(Fixtures.load(Fixtures.TLS), FileChecks.OFF)).isEmpty();
        assertThat(ConfigValidator.validate(Fixtures.load(Fixtures.AUTH), FileChecks.OFF)).isEmpty();
        for (Profile profile : Profile.values()) {
            assertThat(ConfigValidator.validate(RuntimeConfig.forProfile(profile), FileChecks.OFF)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "[otlp]\\nendpoint = \"collector:4317\" | otlp.endpoint | \"collector:4317\" must start with http:// or https://",
            "[otlp]\\nendpoint = \"http://:4317\" | otlp.endpoint | has no host",
            "[otlp]\\ntimeout = \"0s\" | otlp.timeout | must be longer than 0, got 0s",
            "[otlp]\\nretry_attempts = -1 | otlp.retry_attempts | must be at least 0, got -1",
            "[otlp]\\nretry_delay = \"10s\"\\nmax_retry_delay = \"5s\" | otlp.max_retry_delay | (5s) must be at least otlp.retry_delay (10s)",
            "[otlp.headers]\\n\"x tenant\" = \"a\" | otlp.headers | \"x tenant\" is not a valid header name",
            "[service]\\nname = \"\" | service.name | must not be empty",
            "[performance]\\nbatch_size = 0 | performance.batch_size | must be at least 1, got 0",
            "[performance]\\nbatch_size = 100\\nmax_batch_size = 50 | performance.max_batch_size | (50) must be at least performance.batch_size (100)",
            "[performance]\\nbatch_timeout = \"0\" | performance.batch_timeout | must be longer than 0",
            "[performance]\\ncompression_level = 23 | performance.compression_level | must be in 1..22 for zstd, got 23",
            "[performance]\\ncompression_algorithm = \"gzip\"\\ncompression_level = 10 | performance.compression_level | must be in 1..9 for gzip, got 10",
            "[performance]\\nmax_connections = 0\\nmin_connections = 0 | performance.max_connections | must be at least 1, got 0",
            "[performance]\\nmin_connections = 30\\nmax_connections = 20 | performance.min_connections | (30) must not exceed performance.max_connections (20)",
            "[performance]\\nidle_timeout = \"0s\" | performance.idle_timeout | must be longer than 0",
            "[authentication]\\nenable_auth = true | authentication.auth_type | enable_auth is true but no auth_type is set",
            "[authentication]\\nauth_type = \"api_key\" | authentication.api_key | auth_type api_key needs api_key or api_key_file",
            "[authentication]\\napi_key = \"k\"\\napi_key_file = \"/k\" | authentication.api_key | set api_key or api_key_file, not both",
            "[authentication]\\napi_key = \"k\"\\napi_key_header = \"X Key\" | authentication.api_key_header | \"X Key\" is not a valid header name",
            "[authentication]\\nauth_type = \"oauth2\"\\n[oauth2]\\nclient_secret_file = \"/s\"\\ntoken_url = \"https://auth/token\" | oauth2.client_id | auth_type oauth2 needs client_id",
            "[authentication]\\nauth_type = \"oauth2\"\\n[oauth2]\\nclient_id = \"c\"\\ntoken_url = \"https://auth/token\" | oauth2.client_secret | auth_type oauth2 needs client_secret or client_secret_file",
            "[authentication]\\nauth_type = \"oauth2\"\\n[oauth2]\\nclient_id = \"c\"\\nclient_secret = \"s\"\\ntoken_url = \"auth/token\" | oauth2.token_url | \"auth/token\" must start with http:// or https://",
            "[authentication]\\nauth_type = \"oauth2\"\\n[oauth2]\\nclient_id = \"c\"\\nclient_secret = \"s\" | oauth2.token_url | auth_type oauth2 needs token_url",
            "[authentication]\\nauth_type = \"mtls\"\\n[tls]\\nenable_tls = true | tls.cert_file | auth_type mTLS needs tls.cert_file and tls.key_file",
            "[authentication]\\nauth_type = \"mtls\"\\n[tls]\\ncert_file = \"/c\"\\nkey_file = \"/k\" | tls.enable_tls | auth_type mTLS needs TLS",
            "[tls]\\ncert_file = \"/c\" | tls.key_file | tls.cert_file is set but tls.key_file is not; a client certificate needs both",
            "[tls]\\nmin_tls_version = \"1.1\" | tls.min_tls_version | must be \"1.2\" or \"1.3\", got \"1.1\"",
            "[monitoring]\\nmetrics_port = 70000 | monitoring.metrics_port | must be a port in 1..65535 (or 0 for any free port), got 70000",
            "[monitoring]\\nhealth_check_port = 9090 | monitoring.health_check_port | 9090 is also monitoring.metrics_port; every listener needs its own port",
            "[receiver]\\nhttp_port = 4317 | receiver.http_port | 4317 is also receiver.grpc_port; every listener needs its own port",
            "[receiver]\\ngrpc_port = -1 | receiver.grpc_port | must be a port in 1..65535",
            "[receiver]\\nhost = \"\" | receiver.host | must not be empty",
            "[receiver]\\nmax_request_size = 0 | receiver.max_request_size | must be at least 1, got 0",
            "[receiver]\\ntls_key_file = \"/k\" | receiver.tls_cert_file | receiver.tls_key_file is set but receiver.tls_cert_file is not; the receiver's TLS needs both",
            "[receiver]\\napi_key = \"\" | receiver.api_key | must not be empty",
            "[queue]\\nmax_items = 0 | queue.max_items | must be at least 1, got 0",
            "[queue]\\nmax_bytes = 0 | queue.max_bytes | must be at least 1, got 0",
            "[queue]\\nhigh_water_mark = 1.5 | queue.high_water_mark | must be a fraction in (0, 1], got 1.5",
            "[queue]\\nhigh_water_mark = 0 | queue.high_water_mark | must be a fraction in (0, 1], got 0.0",
            "[queue]\\ndrain_timeout = \"0s\" | queue.drain_timeout | must be longer than 0"})
    void namesTheKeyOfEveryProblem(String toml, String key, String message) {
        assertThat(problemsOf(toml.replace("\\n", "\n"))).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo(key);
            assertThat(problem.message()).contains(message);
        });
    }

    @Test
    void takesAZeroShutdownDelayAsRefusingAtOnce() {
        assertThat(problemsOf("[queue]\nshutdown_delay = \"0s\"")).isEmpty();
    }

    @Test
    void reportsEveryProblemAtOnce() {
        List<ConfigProblem> problems = problemsOf("""
                [otlp]
                endpoint = "http://localhost:4318"
                timeout = "0s"
                [performance]
                batch_size = 0
                [queue]
                max_items = 0
                """);

        assertThat(problems).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "otlp.endpoint", "otlp.timeout", "performance.batch_size", "queue.max_items");
    }

    @Test
    void checksReferencedFilesOnlyWhenAsked(@TempDir Path dir) throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "pem");
        RuntimeConfig config = fromToml("""
                [authentication]
                api_key_file = "%s"
                [oauth2]
                client_secret_file = "%s"
                [tls]
                ca_file = "%s"
                [receiver]
                tls_cert_file = "%s"
                tls_key_file = "%s"
                """.formatted(dir.resolve("api-key"), dir.resolve("secret"), ca, dir, dir.resolve("key.pem")));

        assertThat(ConfigValidator.validate(config, FileChecks.OFF)).isEmpty();
        assertThat(ConfigValidator.validate(config, FileChecks.ON))
                .extracting(ConfigProblem::key, ConfigProblem::message)
                .containsExactly(
                        tuple("authentication.api_key_file",
                                "cannot read " + dir.resolve("api-key") + ": it does not exist or is not readable"),
                        tuple("oauth2.client_secret_file",
                                "cannot read " + dir.resolve("secret") + ": it does not exist or is not readable"),
                        tuple("receiver.tls_cert_file",
                                "cannot read " + dir + ": it does not exist or is not readable"),
                        tuple("receiver.tls_key_file",
                                "cannot read " + dir.resolve("key.pem") + ": it does not exist or is not readable"));
    }

    @Test
    void neverQuotesASecretInAProblem() {
        List<ConfigProblem> problems = problemsOf("""
                [otlp]
                endpoint = "https://user:s3cr3t-password@localhost:4317"
                [otlp.headers]
                authorization = "Bearer s3cr3t-token\\nX-Injected: 1"
                [authentication]
                api_key = "s3cr3t-key"
                api_key_file = "/k"
                [oauth2]
                client_secret = "s3cr3t-oauth"
                [receiver]
                api_key = "s3cr3t-receiver"
                api_key_file = "/r"
                """);

        assertThat(problems).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "otlp.headers", "authentication.api_key", "receiver.api_key", "otlp.endpoint");
        assertThat(problems.toString()).doesNotContain("s3cr3t");
    }
}
