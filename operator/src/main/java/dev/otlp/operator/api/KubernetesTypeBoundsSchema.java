package dev.otlp.operator.api;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Writes {@link KubernetesTypeBounds} into the schema of the spec or of the status (the input says which); run by the
 * crd-generator at build time only.
 */
public final class KubernetesTypeBoundsSchema implements SchemaCustomizer.Customizer {

    static final String SPEC = "spec";
    static final String STATUS = "status";

    @Override
    public JSONSchemaProps apply(JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
        if (input.equals(STATUS)) {
            JSONSchemaProps condition = schema.getProperties().get("conditions").getItems().getSchema();
            bound(condition.getProperties().get("observedGeneration"), 0, ApiPatterns.MAX_GENERATION);
        } else {
            spec(schema);
        }
        return schema;
    }

    private static void spec(JSONSchemaProps spec) {
        JSONSchemaProps toleration = spec.getProperties().get("tolerations").getItems().getSchema();
        bound(toleration.getProperties().get("tolerationSeconds"), 0, KubernetesTypeBounds.MAX_TOLERATION_SECONDS);
        JSONSchemaProps affinity = spec.getProperties().get("affinity");
        for (String kind : new String[] {"nodeAffinity", "podAffinity", "podAntiAffinity"}) {
            JSONSchemaProps term = affinity.getProperties().get(kind).getProperties()
                    .get("preferredDuringSchedulingIgnoredDuringExecution").getItems().getSchema();
            bound(term.getProperties().get("weight"), KubernetesTypeBounds.MIN_WEIGHT, KubernetesTypeBounds.MAX_WEIGHT);
        }
    }

    private static void bound(JSONSchemaProps integer, long minimum, long maximum) {
        integer.setMinimum((double) minimum);
        integer.setMaximum((double) maximum);
    }
}
