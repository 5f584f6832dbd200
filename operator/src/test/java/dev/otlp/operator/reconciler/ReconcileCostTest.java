package dev.otlp.operator.reconciler;

import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.stream.IntStream;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one reconcile costs does not grow with the fleet: it decodes its own exporter's objects from
 * the informers' caches, never every object of a kind. (JOSDK 5.2 restarted the monitors' event
 * sources on every reconcile, and each start decoded all ServiceMonitors and PrometheusRules.)
 */
class ReconcileCostTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final int FLEET = 40;

    private static final String MONITORED = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: monitored-%d
            spec:
              upstream:
                endpoint: http://collector.observability.svc:4317
              monitoring:
                serviceMonitor:
                  enabled: true
                alerts:
                  enabled: true
            """;

    private final Cluster cluster = new Cluster(env);
    @RegisterExtension
    final FleetUnderTest fleet = new FleetUnderTest(env, Cluster.RESYNC);

    @Test
    void aReconcileDecodesItsOwnObjectsNotTheWholeFleets() throws InterruptedException {
        env.installCrd("/crds/monitoring.coreos.com_servicemonitors.yaml");
        env.installCrd("/crds/monitoring.coreos.com_prometheusrules.yaml");
        IntStream.range(0, FLEET).forEach(i -> cluster.create(MONITORED.formatted(i)));
        awaitUntil("every exporter has its ServiceMonitor and PrometheusRule", () ->
                cluster.list(ServiceMonitor.class).size() == FLEET && cluster.list(PrometheusRule.class).size() == FLEET);

        double reconciled = fleet.reconciliationsStarted();
        double decoded = fleet.cacheDecodes();
        Thread.sleep(Duration.ofSeconds(3).toMillis());
        double reconciles = fleet.reconciliationsStarted() - reconciled;
        double decodesPerReconcile = (fleet.cacheDecodes() - decoded) / reconciles;

        assertThat(reconciles).as("resyncs meanwhile").isGreaterThan(FLEET);
        assertThat(decodesPerReconcile).as("objects decoded per reconcile in a fleet of %d", FLEET).isLessThan(FLEET / 2.0);
    }
}
