package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import java.util.Map;
import java.util.Set;

/** {@code X-config}: the runtime's TOML, rendered by the runtime's own renderer. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = TrimmedStore.ForMetadataOnly.class))
public class ConfigMapDependent extends OwnedDependent<ConfigMap> {

    public static final String CONFIG_KEY = "config.toml";

    public ConfigMapDependent() {
        super(ConfigMap.class);
    }

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.configMap(exporter.getMetadata().getName());
    }

    /** The informer named "config" also holds the receiver's CA bundle ({@link ReceiverCaConfigMapDependent}). */
    @Override
    protected Set<String> namesInInformer(OtlpExporter exporter) {
        return Set.of(name(exporter), ResourceNames.receiverCaConfigMap(exporter.getMetadata().getName()));
    }

    @Override
    protected ConfigMap desired(ExporterModel model, Context<OtlpExporter> context) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name(model.exporter()))
                .withNamespace(model.namespace())
                .withLabels(Labels.common(model.name()))
                .endMetadata()
                .withData(Map.of(CONFIG_KEY, model.configToml()))
                .build();
    }
}
