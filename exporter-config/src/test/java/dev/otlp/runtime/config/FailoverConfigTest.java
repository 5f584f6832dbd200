package dev.otlp.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlp.runtime.config.AuthenticationConfig.AuthType;
import dev.otlp.runtime.config.UpstreamConfig.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailoverConfigTest {

    private static final String TWO_SECONDARIES = """
            [otlp]
            endpoint = "https://primary.example.com:4317"
            failover_after = 5
            failback_probe_interval = "10s"
            headers = { x-tenant = "a" }

            [authentication]
            api_key_file = "primary.key"

            [[otlp.failover]]
            endpoint = "https://eu.example.com:4317"
            protocol = "http"
            headers = { x-tenant = "b" }
            [otlp.failover.tls]
            ca_file = "eu-ca.pem"
            [otlp.failover.authentication]
            api_key_file = "eu.key"
            api_key_header = "X-EU-Key"

            [[otlp.failover]]
            endpoint = "http://backup.internal:4317"
            """;

    @TempDir
    Path directory;

    @Test
    void readsSecondaryUpstreamsInOrderEachWithItsOwnTlsAndAuthentication() throws IOException {
        RuntimeConfig config = load(TWO_SECONDARIES);

        FailoverConfig failover = config.failover();
        assertThat(failover.failoverAfter()).isEqualTo(5);
        assertThat(failover.failbackProbeInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(failover.upstreams()).extracting(u -> u.otlp().endpoint())
                .containsExactly("https://eu.example.com:4317", "http://backup.internal:4317");
        SecondaryUpstream eu = failover.upstreams().get(0);
        assertThat(eu.otlp().protocol()).isEqualTo(Protocol.HTTP);
        assertThat(eu.otlp().headers()).containsExactly(Map.entry("x-tenant", "b"));
        assertThat(eu.tls().enableTls()).as("an https endpoint turns TLS on, as for the primary").isTrue();
        assertThat(eu.tls().caFile()).isEqualTo(directory.resolve("eu-ca.pem").toString());
        assertThat(eu.authentication().effectiveType()).as("a key file implies api_key auth").isEqualTo(AuthType.API_KEY);
        assertThat(eu.authentication().apiKeyFile()).isEqualTo(directory.resolve("eu.key").toString());
        assertThat(eu.authentication().apiKeyHeader()).isEqualTo("X-EU-Key");
    }

    @Test
    void aKeyLeftOutTakesItsDefaultNeverThePrimarysCredentialsOrHeaders() throws IOException {
        SecondaryUpstream backup = load(TWO_SECONDARIES).failover().upstreams().get(1);

        assertThat(backup.authentication().effectiveType()).isEqualTo(AuthType.NONE);
        assertThat(backup.authentication().apiKeyFile()).isNull();
        assertThat(backup.otlp().headers()).isEmpty();
        assertThat(backup.tls().enableTls()).isFalse();
        assertThat(backup.otlp().protocol()).isEqualTo(Protocol.GRPC);
    }

    @Test
    void sharesThePrimarysRetriesAndExportSizeLimit() throws IOException {
        RuntimeConfig config = load(TWO_SECONDARIES.replace("failover_after = 5", """
                failover_after = 5
                retry_attempts = 7
                max_export_size = "2MiB"
                """));

        assertThat(config.failover().upstreams()).allSatisfy(upstream -> {
            assertThat(upstream.otlp().retryAttempts()).isEqualTo(7);
            assertThat(upstream.otlp().maxExportSize()).isEqualTo(2L << 20);
        });
    }

    @Test
    void defaultsToNoSecondariesThreeFailedAttemptsAndAThirtySecondProbe() {
        FailoverConfig failover = RuntimeConfig.defaults().failover();

        assertThat(failover.enabled()).isFalse();
        assertThat(failover.failoverAfter()).isEqualTo(3);
        assertThat(failover.failbackProbeInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void namesEachProblemByTheTableItIsIn() {
        List<ConfigProblem> problems = problems("""
                [otlp]
                endpoint = "https://primary.example.com:4317"
                failover_after = 0

                [[otlp.failover]]
                endpoint = "https://eu.example.com:4317"
                [otlp.failover.authentication]
                api_key = "inline"
                api_key_file = "/nowhere/eu.key"
                [otlp.failover.tls]
                ca_file = "/nowhere/ca.pem"
                min_tls_version = "1.1"

                [[otlp.failover]]
                endpont = "https://typo.example.com:4317"

                [[otlp.failover]]
                endpoint = "collector:4317"
                timeout = "0s"
                [otlp.failover.tls]
                verify = false
                """);

        assertThat(problems).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "otlp.failover_after",
                "otlp.failover[0].authentication.api_key",
                "otlp.failover[0].tls.min_tls_version",
                "otlp.failover[0].authentication.api_key_file",
                "otlp.failover[0].tls.ca_file",
                "otlp.failover[1].endpont",
                "otlp.failover[1].endpoint",
                "otlp.failover[2].tls.verify",
                "otlp.failover[2].endpoint",
                "otlp.failover[2].timeout");
        assertThat(problems).filteredOn(p -> p.key().equals("otlp.failover[1].endpont"))
                .singleElement().extracting(ConfigProblem::message).asString().contains("did you mean endpoint?");
        assertThat(problems).filteredOn(p -> p.key().equals("otlp.failover[1].endpoint"))
                .singleElement().extracting(ConfigProblem::message).asString().contains("is required");
        assertThat(problems).extracting(ConfigProblem::message).noneMatch(message -> message.contains("inline"));
    }

    @Test
    void refusesADebugPrimaryOrSecondary() {
        assertThat(problems("""
                [otlp]
                endpoint = "debug"
                [[otlp.failover]]
                endpoint = "debug"
                """)).extracting(ConfigProblem::key).containsExactlyInAnyOrder("otlp.failover", "otlp.failover[0].endpoint");
    }

    @Test
    void isNotSetByEnvironmentVariables() {
        assertThat(ConfigLoader.environmentVariables()).containsKeys("OTLP_FAILOVER_AFTER", "OTLP_FAILBACK_PROBE_INTERVAL")
                .doesNotContainKey("OTLP_FAILOVER");
        ConfigLoadResult result = ConfigLoader.fromToml("[otlp]\nendpoint = \"http://a:4317\"\n", "test.toml",
                Map.of("OTLP_FAILOVER", "http://b:4317"));
        assertThat(result.config().failover().upstreams()).isEmpty();
    }

    @Test
    void rendersTablesThatReadBackToTheSameUpstreams() throws IOException {
        RuntimeConfig config = load(TWO_SECONDARIES);

        String rendered = ConfigRenderer.render(config);
        ConfigLoadResult reloaded = ConfigLoader.fromToml(rendered, "rendered.toml", Map.of());

        assertThat(rendered).contains("[[otlp.failover]]", "[otlp.failover.tls]");
        assertThat(reloaded.problems()).isEmpty();
        assertThat(reloaded.config()).isEqualTo(config);
    }

    @Test
    void takesTheOperatorsSettingsAsTablesToo() {
        ConfigLoadResult result = ConfigLoader.fromSettings(Map.of(
                "otlp.endpoint", "https://primary.example.com:4317",
                "otlp.failover", List.of(Map.of("endpoint", "https://eu.example.com:4317",
                        "tls", Map.of("ca_file", "/etc/otlp/failover-0/ca.crt")))));

        assertThat(result.problems()).isEmpty();
        assertThat(result.config().failover().upstreams()).singleElement()
                .satisfies(upstream -> assertThat(upstream.tls().caFile()).isEqualTo("/etc/otlp/failover-0/ca.crt"));
    }

    private RuntimeConfig load(String toml) throws IOException {
        Path file = directory.resolve("config.toml");
        Files.writeString(file, toml);
        ConfigLoadResult result = ConfigLoader.load(file, Map.of());
        assertThat(result.problems()).isEmpty();
        return result.config();
    }

    private static List<ConfigProblem> problems(String toml) {
        ConfigLoadResult result = ConfigLoader.fromToml(toml, "test.toml", Map.of());
        return result.builtConfig()
                .map(config -> result.withProblems(ConfigValidator.validate(config, FileChecks.ON)).problems())
                .orElse(result.problems());
    }
}
