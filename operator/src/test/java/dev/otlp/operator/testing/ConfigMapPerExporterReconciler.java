package dev.otlp.operator.testing;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throwaway reconciler that proves the harness: one ConfigMap per OtlpExporter holding its spec
 * as JSON, and {@code status.observedGeneration}. It reads spec and status only as JSON because
 * the resource model is written elsewhere and may change shape.
 */
@ControllerConfiguration(name = "configmap-per-exporter")
@Workflow(dependents = @Dependent(type = ConfigMapPerExporterReconciler.SpecConfigMap.class))
class ConfigMapPerExporterReconciler implements Reconciler<OtlpExporter> {

    final AtomicInteger reconciles = new AtomicInteger();

    @Override
    public UpdateControl<OtlpExporter> reconcile(OtlpExporter exporter, Context<OtlpExporter> context) {
        reconciles.incrementAndGet();
        long generation = exporter.getMetadata().getGeneration();
        if (observedGeneration(exporter) == generation) {
            return UpdateControl.noUpdate();
        }
        exporter.setStatus(Serialization.unmarshal("{\"observedGeneration\":" + generation + "}",
                OtlpExporterStatus.class));
        return UpdateControl.patchStatus(exporter);
    }

    static long observedGeneration(OtlpExporter exporter) {
        if (exporter.getStatus() == null) {
            return 0;
        }
        Object observed = Serialization.unmarshal(Serialization.asJson(exporter.getStatus()), Map.class)
                .get("observedGeneration");
        return observed == null ? 0 : ((Number) observed).longValue();
    }

    static class SpecConfigMap extends CRUDKubernetesDependentResource<ConfigMap, OtlpExporter> {

        SpecConfigMap() {
            super(ConfigMap.class);
        }

        @Override
        protected ConfigMap desired(OtlpExporter exporter, Context<OtlpExporter> context) {
            return new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(exporter.getMetadata().getName() + "-config")
                    .withNamespace(exporter.getMetadata().getNamespace())
                    .addToLabels("app.kubernetes.io/instance", exporter.getMetadata().getName())
                    .endMetadata()
                    .addToData("spec.json", Serialization.asJson(exporter.getSpec()))
                    .build();
        }
    }
}
