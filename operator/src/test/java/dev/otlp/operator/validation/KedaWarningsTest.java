package dev.otlp.operator.validation;

import dev.otlp.operator.model.SpecProblem;
import dev.otlp.operator.testing.Exporters;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** KEDA on the runtime's series without the ServiceMonitor that labels them: applied, and named by the Warning condition. */
class KedaWarningsTest {

    private static final String KEDA = """
            upstream: {endpoint: http://collector.observability.svc:4317}
            autoscaling:
              maxReplicas: 6
              engine: keda
              prometheusAddress: http://prometheus.monitoring.svc:9090
              metrics: {queueFill: 0.5}
            """;

    private static List<SpecProblem> warnings(String spec) {
        return SpecWarnings.of(Exporters.withSpec(spec));
    }

    @Test
    void kedaOnQueueFillWithoutTheServiceMonitorIsWarnedOf() {
        assertThat(warnings(KEDA)).singleElement().satisfies(warning -> {
            assertThat(warning.field()).isEqualTo("spec.monitoring.serviceMonitor");
            assertThat(warning.message()).contains("otlp_exporter", "KEDA never scales on queueFill");
        });
    }

    @Test
    void withTheServiceMonitorOrOnCpuAloneThereIsNothingToWarnOf() {
        assertThat(warnings(KEDA + "monitoring: {serviceMonitor: {enabled: true}}\n")).isEmpty();
        assertThat(warnings(KEDA.replace("metrics: {queueFill: 0.5}", "metrics: {cpu: 70}"))).isEmpty();
        assertThat(warnings(KEDA.replace("engine: keda", "engine: hpa"))).isEmpty();
    }
}
