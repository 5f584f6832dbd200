package dev.otlp.operator.render;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.testing.Exporters;
import dev.otlp.operator.testing.WorkloadExporters;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;

import static dev.otlp.operator.testing.WorkloadExporters.resolved;
import static org.assertj.core.api.Assertions.assertThat;

/** When the PodDisruptionBudget and the HorizontalPodAutoscaler exist, and their defaults. */
class OptionalWorkloadsTest {

    private static final String AUTOSCALING = "autoscaling: {maxReplicas: 4}\n";

    @Test
    void disruptionBudgetOnlyWhenMoreThanOnePodRunsOrMayRun() {
        assertThat(resolved(WorkloadExporters.minimal()).scaling().disruptionBudget().isPresent()).isFalse();
        assertThat(resolved(withSpec("replicas: 1\n")).scaling().disruptionBudget().isPresent()).isFalse();
        assertThat(resolved(withSpec("replicas: 2\n")).scaling().disruptionBudget().isPresent()).isTrue();
        assertThat(resolved(withSpec(AUTOSCALING)).scaling().disruptionBudget().isPresent()).isTrue();
    }

    @Test
    void disruptionBudgetLetsOnePodGoByDefault() {
        assertThat(PodDisruptionBudgets.desired(resolved(withSpec("replicas: 3\n"))).getSpec().getMaxUnavailable())
                .isEqualTo(new IntOrString(1));
        assertThat(PodDisruptionBudgets.desired(resolved(withSpec("replicas: 3\n"))).getSpec().getSelector().getMatchLabels())
                .isEqualTo(Labels.selector("gateway"));
    }

    @Test
    void autoscalerOnlyWithAutoscaling() {
        assertThat(resolved(WorkloadExporters.minimal()).scaling().autoscaling().isPresent()).isFalse();
        assertThat(resolved(withSpec("replicas: 5\n")).scaling().autoscaling().isPresent()).isFalse();
        assertThat(resolved(withSpec(AUTOSCALING)).scaling().autoscaling().isPresent()).isTrue();
    }

    @Test
    void autoscalerScalesTheDeploymentOnCpuWithDocumentedDefaults() {
        HorizontalPodAutoscaler hpa = HorizontalPodAutoscalers.desired(resolved(withSpec(AUTOSCALING)));

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
