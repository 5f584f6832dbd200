package dev.otlp.operator.api;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Gives the int-or-string property named by the input a {@code maxLength} of {@link ApiPatterns#MAX_SIZE_TEXT}, which
 * {@code @Size} cannot (the generator reads an IntOrString as an object); run by the crd-generator at build time only.
 */
public final class IntOrStringLength implements SchemaCustomizer.Customizer {

    @Override
    public JSONSchemaProps apply(JSONSchemaProps schema, String property, KubernetesSerialization serialization) {
        schema.getProperties().get(property).setMaxLength((long) ApiPatterns.MAX_SIZE_TEXT);
        return schema;
    }
}
