package dev.otlp.operator.render;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterConfig;
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
                rich, rich.getSpec().getImage(), WorkloadExporters.CONFIG_HASH, ExporterConfig.of(rich), null)));
    }

    @Test
    void deploymentOfMinimalResource() {
        OtlpExporter minimal = WorkloadExporters.minimal();
        GOLDEN.assertMatches("deployment-minimal.yaml", Serialization.asYaml(Deployments.desired(
                minimal, WorkloadExporters.IMAGE, WorkloadExporters.CONFIG_HASH, ExporterConfig.of(minimal), null)));
    }

    @Test
    void service() {
        GOLDEN.assertMatches("service.yaml", Serialization.asYaml(Services.desired(rich)));
    }

    @Test
    void serviceAccount() {
        GOLDEN.assertMatches("serviceaccount.yaml", Serialization.asYaml(ServiceAccounts.desired(rich)));
    }

    @Test
    void podDisruptionBudget() {
        GOLDEN.assertMatches("poddisruptionbudget.yaml",
                Serialization.asYaml(PodDisruptionBudgets.desired(rich)));
    }

    @Test
    void horizontalPodAutoscaler() {
        GOLDEN.assertMatches("horizontalpodautoscaler.yaml",
                Serialization.asYaml(HorizontalPodAutoscalers.desired(rich)));
    }
}
