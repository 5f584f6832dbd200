package dev.otlp.operator.api;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Writes {@link KubernetesTypeBounds} into the spec's schema; run by the crd-generator at build time only. */
public final class KubernetesTypeBoundsSchema implements SchemaCustomizer.Customizer {

    @Override
    public JSONSchemaProps apply(JSONSchemaProps spec, String input, KubernetesSerialization serialization) {
        JSONSchemaProps toleration = spec.getProperties().get("tolerations").getItems().getSchema();
        bound(toleration.getProperties().get("tolerationSeconds"), 0, KubernetesTypeBounds.MAX_TOLERATION_SECONDS);
        JSONSchemaProps affinity = spec.getProperties().get("affinity");
        for (String kind : new String[] {"nodeAffinity", "podAffinity", "podAntiAffinity"}) {
            JSONSchemaProps term = affinity.getProperties().get(kind).getProperties()
                    .get("preferredDuringSchedulingIgnoredDuringExecution").getItems().getSchema();
            bound(term.getProperties().get("weight"), KubernetesTypeBounds.MIN_WEIGHT, KubernetesTypeBounds.MAX_WEIGHT);
        }
        return spec;
    }

    private static void bound(JSONSchemaProps integer, long minimum, long maximum) {
        integer.setMinimum((double) minimum);
        integer.setMaximum((double) maximum);
    }
}
