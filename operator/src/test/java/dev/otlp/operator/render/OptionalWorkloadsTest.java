package dev.otlp.operator.render;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.testing.Exporters;
import dev.otlp.operator.testing.WorkloadExporters;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When the PodDisruptionBudget and the HorizontalPodAutoscaler exist, and their defaults. */
class OptionalWorkloadsTest {

    private static final String AUTOSCALING = "autoscaling: {maxReplicas: 4}\n";

    @Test
    void disruptionBudgetOnlyWhenMoreThanOnePodRunsOrMayRun() {
        assertThat(PodDisruptionBudgets.wanted(WorkloadExporters.minimal())).isFalse();
        assertThat(PodDisruptionBudgets.wanted(withSpec("replicas: 1\n"))).isFalse();
        assertThat(PodDisruptionBudgets.wanted(withSpec("replicas: 2\n"))).isTrue();
        assertThat(PodDisruptionBudgets.wanted(withSpec(AUTOSCALING))).isTrue();
    }

    @Test
    void disruptionBudgetLetsOnePodGoByDefault() {
        assertThat(PodDisruptionBudgets.desired(withSpec("replicas: 3\n")).getSpec().getMaxUnavailable())
                .isEqualTo(new IntOrString(1));
        assertThat(PodDisruptionBudgets.desired(withSpec("replicas: 3\n")).getSpec().getSelector().getMatchLabels())
                .isEqualTo(Labels.selector("gateway"));
    }

    @Test
    void autoscalerOnlyWithAutoscaling() {
        assertThat(HorizontalPodAutoscalers.wanted(WorkloadExporters.minimal())).isFalse();
        assertThat(HorizontalPodAutoscalers.wanted(withSpec("replicas: 5\n"))).isFalse();
        assertThat(HorizontalPodAutoscalers.wanted(withSpec(AUTOSCALING))).isTrue();
    }

    @Test
    void autoscalerScalesTheDeploymentOnCpuWithDocumentedDefaults() {
        HorizontalPodAutoscaler hpa = HorizontalPodAutoscalers.desired(withSpec(AUTOSCALING));

        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("gateway");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(4);
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(80);
    }

    private static OtlpExporter withSpec(String extra) {
        return Exporters.withSpec(WorkloadExporters.MINIMAL_SPEC + extra);
    }
}
