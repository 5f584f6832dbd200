package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.MonitoringSpec;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mode-sidecar exporter asking for monitoring on a cluster without the Prometheus Operator: the
 * status names the missing CRDs; once they are installed it gets a PodMonitor of the pods it was
 * injected into (no ServiceMonitor: it has no Service) and alerts that select what that PodMonitor
 * labels. Switching the PodMonitor off deletes it. One test, because installed CRDs stay.
 */
class SidecarMonitoringTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final String SIDECAR = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: shop-telemetry
            spec:
              mode: sidecar
              upstream:
                endpoint: http://collector.observability.svc:4317
              monitoring:
                podMonitor:
                  enabled: true
                  interval: 15s
                alerts:
                  enabled: true
            """;

    private final Cluster cluster = new Cluster(env);
    @RegisterExtension
    final FleetUnderTest fleet = new FleetUnderTest(env, Cluster.RESYNC);

    @Test
    void getsAPodMonitorOfItsInjectedPodsAndAlertsOnWhatItScrapesOnceThePrometheusOperatorIsInstalled() {
        cluster.create(SIDECAR);
        cluster.awaitCondition("shop-telemetry", "Ready", "True", "SidecarConfigured");

        Condition missing = cluster.awaitCondition("shop-telemetry", "Monitoring", "False", "PrometheusOperatorMissing");
        assertThat(missing.getMessage()).contains("podmonitors", "prometheusrules");

        env.installCrd("/crds/monitoring.coreos.com_podmonitors.yaml");
        env.installCrd("/crds/monitoring.coreos.com_prometheusrules.yaml");

        Condition installed = cluster.awaitCondition("shop-telemetry", "Monitoring", "True", "Installed");
        assertThat(installed.getMessage()).contains("PodMonitor");
        awaitUntil("the PodMonitor and PrometheusRule exist", () -> cluster.get(PodMonitor.class, "shop-telemetry") != null
                && cluster.get(PrometheusRule.class, "shop-telemetry-alerts") != null);
        PodMonitor monitor = cluster.get(PodMonitor.class, "shop-telemetry");
        assertThat(monitor.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("otlp.dev/sidecar-of", "shop-telemetry"));
        assertThat(monitor.getSpec().getPodMetricsEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.getPort()).isEqualTo("otlp-metrics");
            assertThat(endpoint.getInterval()).isEqualTo("15s");
            assertThat(endpoint.getRelabelings()).anySatisfy(relabeling -> {
                assertThat(relabeling.getSourceLabels()).containsExactly("__meta_kubernetes_pod_label_otlp_dev_sidecar_of");
                assertThat(relabeling.getTargetLabel()).isEqualTo("otlp_exporter");
            });
        });
        assertThat(monitor.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo("shop-telemetry"));
        assertThat(Serialization.asJson(cluster.get(PrometheusRule.class, "shop-telemetry-alerts").getSpec()))
                .contains("otlp_exporter=\\\"shop-telemetry\\\"").doesNotContain("service=");
        assertThat(cluster.list(ServiceMonitor.class)).isEmpty();
        assertThat(cluster.operatorWritesWhileIdle(fleet)).as("the PodMonitor as stored matches what is desired").isEmpty();

        cluster.editSpec("shop-telemetry", spec -> spec.getMonitoring().setPodMonitor(null));

        awaitUntil("the PodMonitor is deleted", () -> cluster.list(PodMonitor.class).isEmpty());
        assertThat(cluster.get(PrometheusRule.class, "shop-telemetry-alerts")).isNotNull();

        cluster.editSpec("shop-telemetry", spec -> spec.setMonitoring(new MonitoringSpec()));
        awaitUntil("the PrometheusRule is deleted", () -> cluster.list(PrometheusRule.class).isEmpty());
    }
}
