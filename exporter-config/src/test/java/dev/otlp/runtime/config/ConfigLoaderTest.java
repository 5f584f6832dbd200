package dev.otlp.runtime.config;

import static dev.otlp.runtime.config.Fixtures.fromToml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.otlp.runtime.config.AuthenticationConfig.AuthType;
import dev.otlp.runtime.config.LoggingConfig.Level;
import dev.otlp.runtime.config.PerformanceConfig.Compression;
import dev.otlp.runtime.config.UpstreamConfig.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void loadsTheSeedsAdvancedExampleWithItsValues() {
        RuntimeConfig config = Fixtures.load(Fixtures.ADVANCED);

        assertThat(config.otlp()).isEqualTo(new UpstreamConfig("https://otlp-collector.example.com:4317",
                Protocol.GRPC, Duration.ofSeconds(30), 5, Duration.ofSeconds(2), Duration.ofSeconds(30), Map.of()));
        assertThat(config.authentication().effectiveType()).isEqualTo(AuthType.API_KEY);
        assertThat(config.authentication().apiKey()).isEqualTo(new Secret("your-api-key"));
        assertThat(config.tls().enableTls()).isTrue();
        assertThat(config.tls().certFile()).isEqualTo("/etc/ssl/certs/client.crt");
        assertThat(config.tls().keyFile()).isEqualTo("/etc/ssl/private/client.key");
        assertThat(config.tls().caFile()).isEqualTo("/etc/ssl/certs/ca.crt");
        assertThat(config.performance()).isEqualTo(new PerformanceConfig(Profile.BALANCED, true, 500,
                Duration.ofMillis(200), 2000, true, true, Compression.ZSTD, 6, 1024, true, 50, 10,
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(300)));
        assertThat(config.monitoring()).isEqualTo(new MonitoringConfig(true, 9090, true, 8080, false, 6060, "0.0.0.0", "127.0.0.1"));
        assertThat(config.logging()).isEqualTo(LoggingConfig.defaults());
    }

    @Test
    void loadsTheSeedsBasicExampleOverTheBalancedProfile() {
        RuntimeConfig config = Fixtures.load(Fixtures.BASIC);

        assertThat(config.otlp().endpoint()).isEqualTo("http://localhost:4317");
        assertThat(config.otlp().protocol()).isEqualTo(Protocol.HTTP);
        assertThat(config.otlp().retryDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.service()).isEqualTo(new ServiceConfig("my-service", "1.0.0", "production"));
        assertThat(config.performance().batchSize()).isEqualTo(100);
        assertThat(config.performance().maxConnections()).isEqualTo(20);
        assertThat(config.performance().maxBatchSize()).isEqualTo(Profile.BALANCED.performance().maxBatchSize());
        assertThat(config.tls().enableTls()).isFalse();
        assertThat(config.authentication().effectiveType()).isEqualTo(AuthType.NONE);
    }

    @Test
    void loadsTheSeedsTlsAndAuthenticationExamples() {
        TlsConfig tls = Fixtures.load(Fixtures.TLS).tls();
        assertThat(tls.enableTls()).isTrue();
        assertThat(tls.hasClientCertificate()).isTrue();
        assertThat(tls.cipherSuites()).hasSize(4).first().isEqualTo("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");

        RuntimeConfig auth = Fixtures.load(Fixtures.AUTH);
        assertThat(auth.authentication()).isEqualTo(new AuthenticationConfig(true, AuthType.API_KEY,
                new Secret("your-secure-api-key"), null, "X-API-Key"));
        assertThat(auth.oauth2()).isEqualTo(new OAuth2Config("your-client-id", new Secret("your-client-secret"), null,
                "https://auth.example.com/token", "otlp:write"));
    }

    @Test
    void environmentVariablesOverrideTheFile() {
        RuntimeConfig config = Fixtures.load(Fixtures.BASIC, Map.of(
                "OTLP_ENDPOINT", "https://collector.example.com:4317",
                "OTLP_PROTOCOL", "grpc",
                "OTLP_MAX_RETRY_DELAY", "1m",
                "OTLP_HEADERS", "x-tenant=a, authorization=Bearer abc==",
                "PERFORMANCE_BATCH_SIZE", "250",
                "RECEIVER_GRPC_PORT", "14317",
                "QUEUE_MAX_BYTES", "64MiB",
                "AUTHENTICATION_API_KEY_FILE", "/var/run/secrets/api-key",
                "TLS_CA_FILE", "/etc/ca.pem",
                "LOG_LEVEL", "debug"));

        assertThat(config.otlp().endpoint()).isEqualTo("https://collector.example.com:4317");
        assertThat(config.otlp().protocol()).isEqualTo(Protocol.GRPC);
        assertThat(config.otlp().maxRetryDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.otlp().headers()).containsOnly(
                Map.entry("x-tenant", "a"), Map.entry("authorization", "Bearer abc=="));
        assertThat(config.performance().batchSize()).isEqualTo(250);
        assertThat(config.performance().maxConnections()).as("file value not overridden").isEqualTo(20);
        assertThat(config.receiver().grpcPort()).isEqualTo(14317);
        assertThat(config.queue().maxBytes()).isEqualTo(64L << 20);
        assertThat(config.authentication().effectiveType()).isEqualTo(AuthType.API_KEY);
        assertThat(config.tls().caFile()).isEqualTo("/etc/ca.pem");
        assertThat(config.tls().enableTls()).as("https endpoint from env").isTrue();
        assertThat(config.logging().level()).isEqualTo(Level.DEBUG);
    }

    @Test
    void acceptsEveryEnvironmentVariableTheSeedLists() {
        Map<String, String> seedEnv = Map.ofEntries(
                Map.entry("OTLP_ENDPOINT", "http://collector:4317"), Map.entry("OTLP_PROTOCOL", "http"),
                Map.entry("OTLP_TIMEOUT", "30s"), Map.entry("OTLP_RETRY_ATTEMPTS", "3"),
                Map.entry("OTLP_RETRY_DELAY", "1s"), Map.entry("SERVICE_NAME", "my-service"),
                Map.entry("SERVICE_VERSION", "1.0.0"), Map.entry("SERVICE_NAMESPACE", "production"),
                Map.entry("PERFORMANCE_ENABLE_BATCHING", "true"), Map.entry("PERFORMANCE_BATCH_SIZE", "100"),
                Map.entry("PERFORMANCE_BATCH_TIMEOUT", "100ms"), Map.entry("PERFORMANCE_ENABLE_COMPRESSION", "true"),
                Map.entry("PERFORMANCE_COMPRESSION_ALGORITHM", "zstd"), Map.entry("PERFORMANCE_COMPRESSION_LEVEL", "3"),
                Map.entry("PERFORMANCE_ENABLE_CONNECTION_POOL", "true"), Map.entry("PERFORMANCE_MAX_CONNECTIONS", "20"),
                Map.entry("MONITORING_ENABLE_METRICS", "true"), Map.entry("MONITORING_METRICS_PORT", "9090"),
                Map.entry("MONITORING_ENABLE_HEALTH_CHECK", "true"), Map.entry("MONITORING_HEALTH_CHECK_PORT", "8080"),
                Map.entry("LOG_LEVEL", "info"), Map.entry("LOG_FORMAT", "json"), Map.entry("LOG_OUTPUT", "stdout"));

        ConfigLoadResult result = ConfigLoader.load(null, seedEnv);

        assertThat(result.problems()).isEmpty();
        assertThat(result.config().otlp().endpoint()).isEqualTo("http://collector:4317");
        assertThat(result.config().service().name()).isEqualTo("my-service");
    }

    @Test
    void ignoresUnrelatedAndEmptyEnvironmentVariables() {
        ConfigLoadResult result = ConfigLoader.load(null, Map.of(
                "OTLP_SERVICE_HOST", "10.0.0.1", "OTLP_PORT", "tcp://10.0.0.1:4317", "PATH", "/bin", "OTLP_TIMEOUT", ""));

        assertThat(result.problems()).isEmpty();
        assertThat(result.config()).isEqualTo(RuntimeConfig.defaults());
    }

    @Test
    void theProfileSuppliesDefaultsAndExplicitKeysWin() {
        RuntimeConfig config = fromToml("""
                [performance]
                profile = "high-throughput"
                batch_size = 50
                """);

        assertThat(config.performance().profile()).isEqualTo(Profile.HIGH_THROUGHPUT);
        assertThat(config.performance().batchSize()).isEqualTo(50);
        assertThat(config.performance().compressionLevel()).isEqualTo(6);
        assertThat(config.performance().maxBatchSize()).isEqualTo(2000);
        assertThat(config.queue()).isEqualTo(Profile.HIGH_THROUGHPUT.queue());
    }

    @Test
    void theProfileCanBeChosenAtTopLevelOrByEnvironment() {
        assertThat(fromToml("profile = \"low-latency\"\n").performance().profile()).isEqualTo(Profile.LOW_LATENCY);

        ConfigLoadResult result = ConfigLoader.fromToml("""
                profile = "low-latency"
                [performance]
                batch_size = 7
                """, "test.toml", Map.of("PERFORMANCE_PROFILE", "high_throughput"));

        assertThat(result.problems()).isEmpty();
        assertThat(result.config().performance().profile()).isEqualTo(Profile.HIGH_THROUGHPUT);
        assertThat(result.config().performance().compressionLevel()).isEqualTo(6);
        assertThat(result.config().performance().batchSize()).isEqualTo(7);
    }

    @Test
    void noFileMeansTheEmbeddedDefault() {
        assertThat(ConfigLoader.load(null, Map.of()).config()).isEqualTo(RuntimeConfig.defaults());
        assertThat(fromToml("")).isEqualTo(RuntimeConfig.defaults());
    }

    @Test
    void anApiKeyAloneTurnsOnApiKeyAuthenticationUnlessDisabled() {
        assertThat(fromToml("[authentication]\napi_key_file = \"/k\"\n").authentication().effectiveType())
                .isEqualTo(AuthType.API_KEY);
        assertThat(fromToml("[authentication]\nauth_type = \"mTLS\"\n").authentication().effectiveType())
                .isEqualTo(AuthType.MTLS);
        assertThat(fromToml("[authentication]\napi_key = \"k\"\nenable_auth = false\n").authentication().effectiveType())
                .isEqualTo(AuthType.NONE);
    }

    @Test
    void anHttpsEndpointTurnsTlsOnUnlessDisabled() {
        assertThat(fromToml("[otlp]\nendpoint = \"HTTPS://c.example:4317\"\n").tls().enableTls()).isTrue();
        assertThat(fromToml("[otlp]\nendpoint = \"https://c.example:4317\"\n[tls]\nenable_tls = false\n")
                .tls().enableTls()).isFalse();
    }

    @Test
    void tlsSectionWinsOverTheAuthenticationSectionsPaths() {
        TlsConfig tls = fromToml("""
                [authentication]
                tls_cert_path = "/auth/cert.pem"
                tls_ca_path = "/auth/ca.pem"
                [tls]
                cert_file = "/tls/cert.pem"
                """).tls();

        assertThat(tls.certFile()).isEqualTo("/tls/cert.pem");
        assertThat(tls.caFile()).isEqualTo("/auth/ca.pem");
    }

    @Test
    void reportsAMisspeltKeyInsteadOfFallingBackToTheDefault() {
        ConfigLoadResult result = ConfigLoader.fromToml("[performance]\nbatch_sise = 10\n", "test.toml", Map.of());

        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("performance.batch_sise");
            assertThat(problem.message()).startsWith("unknown key (did you mean batch_size?)");
        });
        assertThat(result.isValid()).isFalse();
    }

    @Test
    void reportsAnUnknownSection() {
        ConfigLoadResult result = ConfigLoader.fromToml("[perfomance]\nbatch_size = 10\n", "test.toml", Map.of());

        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("perfomance");
            assertThat(problem.message()).startsWith("unknown section (did you mean performance?)");
        });
    }

    @Test
    void reportsATopLevelKeyThatBelongsInASection() {
        ConfigLoadResult result = ConfigLoader.fromToml("endpoint = \"http://c:4317\"\n", "test.toml", Map.of());

        assertThat(result.problems()).containsExactly(new ConfigProblem("endpoint",
                "unknown top-level key; keys belong in a section such as [otlp] endpoint"));
    }

    @Test
    void reportsTwoDifferentProfiles() {
        ConfigLoadResult result = ConfigLoader.fromToml("profile = \"low-latency\"\n[performance]\nprofile = \"balanced\"\n",
                "test.toml", Map.of());

        assertThat(result.problems()).containsExactly(new ConfigProblem("profile",
                "conflicts with performance.profile; set the profile in one place"));
    }

    @Test
    void reportsEveryBadValueAtOnceNamingItsKey() {
        ConfigLoadResult result = ConfigLoader.fromToml("""
                [otlp]
                timeout = "30"
                retry_attempts = 1.5
                [performance]
                batch_size = "abc"
                enable_batching = "yes"
                compression_algorithm = "lz4"
                [queue]
                max_bytes = "12XB"
                [tls]
                cipher_suites = "TLS_AES_128_GCM_SHA256"
                [otlp.headers]
                x-tenant = 7
                """, "test.toml", Map.of());

        assertThat(result.problems()).extracting(ConfigProblem::key, ConfigProblem::message).containsExactly(
                tuple("otlp.timeout", "\"30\" is not a duration; write a number and a unit (ns, us, ms, s, m, h),"
                        + " e.g. \"100ms\" or \"30s\""),
                tuple("otlp.retry_attempts", "expected an integer, got a float (1.5)"),
                tuple("otlp.headers", "header x-tenant must be a string, got an integer"),
                tuple("performance.batch_size", "expected an integer, got a string (\"abc\")"),
                tuple("performance.enable_batching", "expected true or false, got a string (\"yes\")"),
                tuple("performance.compression_algorithm", "\"lz4\" is not one of zstd, gzip, none"),
                tuple("queue.max_bytes", "\"12XB\" is not a size; write bytes or a number and a unit"
                        + " (KiB, MiB, GiB, KB, MB, GB), e.g. \"16MiB\""),
                tuple("tls.cipher_suites", "expected an array of strings, got a string"));
        assertThat(result.config()).as("built from the values that could be read").isNotNull();
    }

    @Test
    void reportsBadEnvironmentValuesByVariable() {
        ConfigLoadResult result = ConfigLoader.load(null, Map.of(
                "OTLP_TIMEOUT", "30", "RECEIVER_GRPC_PORT", "grpc", "LOG_LEVEL", "verbose"));

        assertThat(result.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "env OTLP_TIMEOUT", "env RECEIVER_GRPC_PORT", "env LOG_LEVEL");
        assertThat(result.problems()).filteredOn(p -> p.key().equals("env LOG_LEVEL")).singleElement()
                .extracting(ConfigProblem::message).isEqualTo("\"verbose\" is not one of trace, debug, info, warn, error");
    }

    @Test
    void reportsATomlSyntaxErrorWithItsLine() {
        ConfigLoadResult result = ConfigLoader.fromToml("[otlp]\nendpoint = \"http://c:4317\"\ntimeout = 30s\n",
                "/etc/otlp/config.toml", Map.of());

        assertThat(result.config()).isNull();
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("/etc/otlp/config.toml");
            assertThat(problem.message()).startsWith("line 3: not valid TOML");
        });
    }

    @Test
    void reportsAFileThatCannotBeRead(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.toml");
        ConfigLoadResult result = ConfigLoader.load(missing, Map.of());

        assertThat(result.config()).isNull();
        assertThat(result.problems()).containsExactly(
                new ConfigProblem(missing.toString(), "cannot read the config file: it does not exist"));

        Path notUtf8 = Files.write(dir.resolve("latin1.toml"), new byte[] {'#', (byte) 0xE9, '\n'});
        assertThat(ConfigLoader.load(notUtf8, Map.of()).problems()).singleElement()
                .extracting(ConfigProblem::message).isEqualTo("cannot read the config file: it is not UTF-8 text");
    }

    @Test
    void resolvesRelativePathsInTheFileAgainstItsDirectoryNotTheWorkingDirectory(@TempDir Path dir) throws IOException {
        Path etc = Files.createDirectories(dir.resolve("etc").resolve("otlp"));
        Files.createDirectories(etc.resolve("certs"));
        Files.createDirectories(dir.resolve("etc").resolve("secrets"));
        Files.writeString(etc.resolve("certs").resolve("client.pem"), "certificate");
        Files.writeString(etc.resolve("certs").resolve("client.key"), "key");
        Files.writeString(dir.resolve("etc").resolve("secrets").resolve("api-key"), "s3cr3t");
        Path file = Files.writeString(etc.resolve("config.toml"), """
                [otlp]
                endpoint = "https://collector.example.com:4317"
                [authentication]
                enable_auth = true
                auth_type = "api_key"
                api_key_file = "../secrets/api-key"
                [tls]
                enable_tls = true
                cert_file = "certs/client.pem"
                key_file = "./certs/client.key"
                ca_file = "/etc/ssl/certs/ca-certificates.crt"
                [receiver]
                tls_cert_file = "server.pem"
                [queue]
                persistent = true
                directory = "queue"
                """);

        ConfigLoadResult result = ConfigLoader.load(file, Map.of("RECEIVER_TLS_KEY_FILE", "server.key"));

        RuntimeConfig config = result.config();
        assertThat(config.authentication().apiKeyFile()).isEqualTo(dir.resolve("etc/secrets/api-key").toString());
        assertThat(config.tls().certFile()).isEqualTo(etc.resolve("certs/client.pem").toString());
        assertThat(config.tls().keyFile()).isEqualTo(etc.resolve("certs/client.key").toString());
        assertThat(config.tls().caFile()).isEqualTo("/etc/ssl/certs/ca-certificates.crt");
        assertThat(config.receiver().tlsCertFile()).isEqualTo(etc.resolve("server.pem").toString());
        assertThat(config.receiver().tlsKeyFile()).as("from the environment: the working directory's").isEqualTo("server.key");
        assertThat(config.queue().persistence().directory()).isEqualTo(etc.resolve("queue").toString());
        assertThat(ConfigValidator.validate(config, FileChecks.ON)).extracting(ConfigProblem::key)
                .doesNotContain("authentication.api_key_file", "tls.cert_file", "tls.key_file");
    }

    @Test
    void documentsEveryKeyOfTheSchema() {
        assertThat(ConfigLoader.keys()).hasSize(ConfigSchema.settings().size()).allSatisfy(key -> {
            assertThat(key.description()).as(key.key()).isNotBlank();
            assertThat(key.type()).as(key.key()).isNotBlank();
        });
        assertThat(ConfigLoader.keys()).extracting(ConfigKey::key)
                .contains("queue.persistent", "queue.directory", "otlp.headers", "receiver.api_key", "receiver.api_key_file");
    }

    @Test
    void neverQuotesASecretInAProblem() {
        List<ConfigProblem> problems = ConfigLoader.fromToml("""
                [authentication]
                api_key = ["s3cr3t-key"]
                [oauth2]
                client_secret = 12345678
                """, "test.toml", Map.of("OTLP_HEADERS", "authorization s3cr3t-header")).problems();
        List<ConfigProblem> syntax = ConfigLoader.fromToml("[authentication]\napi_key = \"s3cr3t-key\n",
                "test.toml", Map.of()).problems();

        assertThat(problems).hasSize(3);
        assertThat(syntax).hasSize(1);
        assertThat(problems.toString() + syntax).doesNotContain("s3cr3t", "12345678");
    }

    @Test
    void aLoadedConfigurationsTextNeverShowsASecret() {
        RuntimeConfig config = Fixtures.load(Fixtures.AUTH, Map.of(
                "OTLP_HEADERS", "authorization=Bearer s3cr3t-token",
                "OTLP_ENDPOINT", "https://user:s3cr3t-password@collector:4317",
                "RECEIVER_API_KEY", "s3cr3t-receiver"));

        assertThat(config.toString()).contains("authorization")
                .doesNotContain("your-secure-api-key", "your-client-secret", "s3cr3t");
    }
}
