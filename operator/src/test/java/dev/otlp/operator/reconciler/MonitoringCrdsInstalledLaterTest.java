package dev.otlp.operator.reconciler;

import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Monitoring asked for on a cluster without the Prometheus Operator: the status says so and the
 * rest runs; installing its CRDs while the operator runs brings the ServiceMonitor and alerts.
 * Switching monitoring off deletes them. One test, because installed CRDs stay for the class's API server.
 */
class MonitoringCrdsInstalledLaterTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final String WATCHED = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: watched
            spec:
              upstream:
                endpoint: http://collector.observability.svc:4317
              monitoring:
                serviceMonitor:
                  enabled: true
                  interval: 15s
                alerts:
                  enabled: true
                  p99LatencyThreshold: 250ms
                  errorRateThreshold: 0.02
                  queueUtilizationThreshold: 0.7
            """;

    private final Cluster cluster = new Cluster(env);
    @RegisterExtension
    final FleetUnderTest fleet = new FleetUnderTest(env, Cluster.RESYNC);

    @Test
    void saysTheCrdsAreMissingThenCreatesServiceMonitorAndAlertsOnceTheyAreInstalledAndDeletesThemWhenSwitchedOff() {
        cluster.create(WATCHED);
        cluster.awaitReady("watched");

        Condition monitoring = cluster.condition("watched", "Monitoring");
        assertThat(monitoring.getStatus()).isEqualTo("False");
        assertThat(monitoring.getMessage()).contains("servicemonitors").contains("prometheusrules");
        assertThat(cluster.list(ServiceMonitor.class)).isEmpty();
        assertThat(cluster.list(PrometheusRule.class)).isEmpty();
        assertThat(cluster.operatorWritesWhileIdle(fleet)).isEmpty();

        env.installCrd("/crds/monitoring.coreos.com_servicemonitors.yaml");
        env.installCrd("/crds/monitoring.coreos.com_prometheusrules.yaml");

        cluster.awaitCondition("watched", "Monitoring", "True", "Installed");
        awaitUntil("the ServiceMonitor and PrometheusRule exist", () -> cluster.get(ServiceMonitor.class, "watched") != null
                && cluster.get(PrometheusRule.class, "watched-alerts") != null);
        String uid = cluster.exporter("watched").getMetadata().getUid();
        List<HasMetadata> monitors = List.of(cluster.get(ServiceMonitor.class, "watched"),
                cluster.get(PrometheusRule.class, "watched-alerts"));
        assertThat(monitors).allSatisfy(object -> {
            assertThat(object.getMetadata().getLabels()).containsAllEntriesOf(Map.of(
                    "app.kubernetes.io/name", "otlp-exporter",
                    "app.kubernetes.io/instance", "watched",
                    "app.kubernetes.io/managed-by", "otlp-fleet-operator"));
            assertThat(object.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(uid));
        });
        assertThat(cluster.get(ServiceMonitor.class, "watched").getSpec().getEndpoints())
                .singleElement().satisfies(endpoint -> assertThat(endpoint.getInterval()).isEqualTo("15s"));
        String rules = Serialization.asJson(cluster.get(PrometheusRule.class, "watched-alerts").getSpec());
        assertThat(rules).contains("> 0.25").contains("> 0.02").contains("> 0.7");
        assertThat(FleetUnderTest.condition(cluster.exporter("watched"), "Ready").orElseThrow().getStatus())
                .isEqualTo("True");
        assertThat(cluster.operatorWritesWhileIdle(fleet)).isEmpty();

        cluster.editSpec("watched", spec -> spec.setMonitoring(null));

        awaitUntil("the ServiceMonitor and PrometheusRule are deleted", () -> cluster.list(ServiceMonitor.class).isEmpty()
                && cluster.list(PrometheusRule.class).isEmpty());
        awaitUntil("the Monitoring condition is gone", () -> cluster.condition("watched", "Monitoring") == null);
    }
}
