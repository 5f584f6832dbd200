package dev.otlp.operator.app;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorOptionsTest {

    private static final Map<String, String> NO_ENV = Map.of();
    private static final Map<String, String> IN_CLUSTER = Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1",
            "POD_NAMESPACE", "otlp-system");

    @Test
    void withoutFlagsWatchesAllNamespacesWithoutLeaderElectionOnTheDefaultPorts() {
        OperatorOptions options = OperatorOptions.parse(new String[0], NO_ENV);

        assertThat(options.namespaces()).isEmpty();
        assertThat(options.leaseNamespace()).isNull();
        assertThat(options.runtimeImage()).isEqualTo(OperatorSettings.DEFAULT_RUNTIME_IMAGE);
        assertThat(options.healthPort()).isEqualTo(8081);
        assertThat(options.metricsPort()).isEqualTo(8080);
        assertThat(options.settings().stallTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void readsTheStallTimeoutFromTheFlagOrTheEnvironment() {
        assertThat(OperatorOptions.parse(new String[] {"--stall-timeout", "90s"}, Map.of("STALL_TIMEOUT", "1h"))
                .settings().stallTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(OperatorOptions.parse(new String[0], Map.of("STALL_TIMEOUT", "1h")).settings().stallTimeout())
                .isEqualTo(Duration.ofHours(1));
        assertThat(OperatorOptions.parse(new String[] {"--stall-timeout=10m"}, NO_ENV).settings().stallTimeout())
                .isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> parse("--stall-timeout", "5"))
                .hasMessage("--stall-timeout must be a positive number of seconds, minutes or hours such as 90s, 5m or 1h,"
                        + " not '5'");
        assertThatThrownBy(() -> parse("--stall-timeout", "0s")).hasMessageStartingWith("--stall-timeout must be a positive");
    }

    @Test
    void inAClusterHoldsTheLeaseInThePodsNamespace() {
        assertThat(OperatorOptions.parse(new String[0], IN_CLUSTER).leaseNamespace()).isEqualTo("otlp-system");
        assertThat(OperatorOptions.parse(new String[] {"--no-leader-election"}, IN_CLUSTER).leaseNamespace()).isNull();
        assertThat(OperatorOptions.parse(new String[] {"--leader-election-namespace", "ops"}, IN_CLUSTER)
                .leaseNamespace()).isEqualTo("ops");
    }

    @Test
    void readsTheEnvironmentWhereNoFlagIsGiven() {
        OperatorOptions options = OperatorOptions.parse(new String[0], Map.of("WATCH_NAMESPACES", "team-a, team-b",
                "RUNTIME_IMAGE", "registry.example/runtime:1", "LEADER_ELECTION_NAMESPACE", "ops",
                "HEALTH_PORT", "9081", "METRICS_PORT", "9080"));

        assertThat(options.namespaces()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(options.runtimeImage()).isEqualTo("registry.example/runtime:1");
        assertThat(options.leaseNamespace()).isEqualTo("ops");
        assertThat(options.healthPort()).isEqualTo(9081);
        assertThat(options.metricsPort()).isEqualTo(9080);
    }

    @Test
    void flagsWinOverTheEnvironment() {
        OperatorOptions options = OperatorOptions.parse(new String[] {"--namespaces=team-c", "--runtime-image",
                "registry.example/runtime:2", "--metrics-port", "0"}, Map.of("WATCH_NAMESPACES", "team-a",
                "RUNTIME_IMAGE", "registry.example/runtime:1", "METRICS_PORT", "9080"));

        assertThat(options.namespaces()).containsExactly("team-c");
        assertThat(options.settings().namespaces()).containsExactly("team-c");
        assertThat(options.settings().runtimeImage()).isEqualTo("registry.example/runtime:2");
        assertThat(options.metricsPort()).isZero();
    }

    @Test
    void badFlagsAreRefusedWithAMessageThatNamesThem() {
        assertThatThrownBy(() -> parse("--bogus")).hasMessage("Unknown option: '--bogus'");
        assertThatThrownBy(() -> parse("--namespaces")).hasMessageContaining("Missing required parameter for option '--namespaces'");
        assertThatThrownBy(() -> parse("--health-port", "http"))
                .hasMessage("--health-port must be a port number from 0 to 65535, not 'http'");
        assertThatThrownBy(() -> parse("--metrics-port", "70000"))
                .hasMessageStartingWith("--metrics-port must be a port number");
        assertThatThrownBy(() -> parse("--embedded")).as("the demo is its own program")
                .hasMessage("Unknown option: '--embedded'");
        assertThatThrownBy(() -> parse("--no-leader-election", "--leader-election-namespace", "ops"))
                .hasMessageContaining("contradict");
        assertThatThrownBy(() -> parse("--namespaces", "a", "--namespaces", "b"))
                .hasMessageContaining("option '--namespaces'").hasMessageContaining("should be specified only once");
    }

    @Test
    void refusesALogFormatOrLevelItDoesNotKnow() {
        assertThatThrownBy(() -> OperatorOptions.parse(new String[0], Map.of("LOG_FORMAT", "xml")))
                .hasMessage("LOG_FORMAT must be json or text, not 'xml'");
        assertThatThrownBy(() -> OperatorOptions.parse(new String[0], Map.of("LOG_LEVEL", "loud")))
                .hasMessageStartingWith("LOG_LEVEL must be one of");
        assertThat(OperatorOptions.parse(new String[0], Map.of("LOG_FORMAT", "text", "LOG_LEVEL", "DEBUG"))).isNotNull();
    }

    @Test
    void servesTheAdmissionWebhookOnlyWhenAPortIsGivenKeepingItsCertificateInThePodsNamespace() {
        assertThat(parse().webhook()).isNull();

        OperatorOptions.Webhook webhook = OperatorOptions.parse(new String[0],
                Map.of("WEBHOOK_PORT", "9443", "POD_NAMESPACE", "otlp-fleet-system")).webhook();

        assertThat(webhook).isEqualTo(new OperatorOptions.Webhook(9443, "otlp-fleet-system",
                "otlp-fleet-operator-webhook", "otlp-fleet-operator"));
        assertThatThrownBy(() -> parse("--webhook-port", "9443")).hasMessageContaining("POD_NAMESPACE");
        assertThatThrownBy(() -> OperatorOptions.parse(new String[] {"--webhook-port", "70000"},
                Map.of("POD_NAMESPACE", "x"))).hasMessageContaining("--webhook-port must be a port number");
    }

    private static OperatorOptions parse(String... args) {
        return OperatorOptions.parse(args, NO_ENV);
    }
}
