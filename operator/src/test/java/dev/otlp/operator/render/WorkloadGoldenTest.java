package dev.otlp.operator.render;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.testing.GoldenFiles;
import dev.otlp.operator.testing.WorkloadExporters;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** Pins every workload object generated for a resource that uses every feature, and the Deployment of a minimal one. */
class WorkloadGoldenTest {

    private static final GoldenFiles GOLDEN = new GoldenFiles("workloads", "WorkloadGoldenTest");

    private final OtlpExporter rich = WorkloadExporters.rich();

    @Test
    void deployment() {
        GOLDEN.assertMatches("deployment.yaml", Serialization.asYaml(Deployments.desired(
                WorkloadExporters.resolved(rich), WorkloadExporters.CONFIG_HASH, null)));
    }

    @Test
    void deploymentOfMinimalResource() {
        OtlpExporter minimal = WorkloadExporters.minimal();
        GOLDEN.assertMatches("deployment-minimal.yaml", Serialization.asYaml(Deployments.desired(
                WorkloadExporters.resolved(minimal), WorkloadExporters.CONFIG_HASH, null)));
    }

    @Test
    void service() {
        GOLDEN.assertMatches("service.yaml", Serialization.asYaml(Services.desired(WorkloadExporters.resolved(rich))));
    }

    @Test
    void serviceAccount() {
        GOLDEN.assertMatches("serviceaccount.yaml", Serialization.asYaml(ServiceAccounts.desired(WorkloadExporters.resolved(rich))));
    }

    @Test
    void podDisruptionBudget() {
        GOLDEN.assertMatches("poddisruptionbudget.yaml",
                Serialization.asYaml(PodDisruptionBudgets.desired(WorkloadExporters.resolved(rich))));
    }

    @Test
    void horizontalPodAutoscaler() {
        GOLDEN.assertMatches("horizontalpodautoscaler.yaml",
                Serialization.asYaml(HorizontalPodAutoscalers.desired(WorkloadExporters.resolved(rich))));
    }
}
