package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.render.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

import java.util.Map;
import java.util.TreeMap;

/**
 * A Secret the operator generates for an exporter. Its data is decided by the reconciler (kept
 * while still good, so reconciles do not rewrite it) and never logged.
 */
abstract class GeneratedSecretDependent extends CRUDKubernetesDependentResource<Secret, OtlpExporter> {

    GeneratedSecretDependent() {
        super(Secret.class);
    }

    protected abstract String name(OtlpExporter exporter);

    protected abstract String type();

    /** Base64 values, as they stand in a Secret's {@code data}. */
    protected abstract Map<String, String> data(Context<OtlpExporter> context);

    @Override
    protected Secret desired(OtlpExporter exporter, Context<OtlpExporter> context) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name(exporter))
                .withNamespace(exporter.getMetadata().getNamespace())
                .withLabels(Labels.common(exporter))
                .endMetadata()
                .withType(type())
                .withData(new TreeMap<>(data(context)))
                .build();
    }

    /** Both generated Secrets share a type; each dependent picks its own by name. */
    @Override
    protected ResourceID targetSecondaryResourceID(OtlpExporter exporter, Context<OtlpExporter> context) {
        return new ResourceID(name(exporter), exporter.getMetadata().getNamespace());
    }
}
