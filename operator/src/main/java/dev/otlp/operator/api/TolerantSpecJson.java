package dev.otlp.operator.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;

import java.io.IOException;

/**
 * Reads and writes {@code spec} so that reading never fails: an informer that cannot read one resource fails, and
 * the operator with it, for every resource in the cluster. A spec that an API server stored but
 * this model cannot read (a number past its Java type, an enum constant from a newer CRD, a field
 * of another type) becomes {@link OtlpExporterSpec#unreadable}, naming the field and its value,
 * which the reconciler reports on that resource's status. {@link Serializer} writes such a spec
 * back as it was stored, so that a copy of the resource (JOSDK copies through JSON) reads the same.
 */
final class TolerantSpecJson {

    private TolerantSpecJson() {
    }

    /** Reads a spec, or an unreadable one. */
    static final class Deserializer extends JsonDeserializer<OtlpExporterSpec> {

        @Override
        public OtlpExporterSpec deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode spec = parser.readValueAsTree();
            try {
                return context.readTreeAsValue(spec, OtlpExporterSpec.class);
            } catch (JsonProcessingException e) {
                return OtlpExporterSpec.unreadable(describe(e, spec));
            }
        }
    }

    private static OtlpExporterSpec.Unreadable describe(JsonProcessingException e, JsonNode spec) {
        String reason = e.getOriginalMessage().lines().findFirst().orElse("").strip();
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return new OtlpExporterSpec.Unreadable("spec", "cannot be read: " + reason, spec);
        }
        StringBuilder field = new StringBuilder("spec");
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            String step = reference.getFieldName() != null ? reference.getFieldName() : Integer.toString(reference.getIndex());
            field.append(reference.getFieldName() != null ? "." + step : "[" + step + "]");
            pointer.append('/').append(step.replace("~", "~0").replace("/", "~1"));
        }
        JsonNode value = spec.at(pointer.toString());
        String shown = value.isMissingNode() ? "" : (value.isTextual() ? value.asText() : value.toString()) + " ";
        return new OtlpExporterSpec.Unreadable(field.toString(), shown + "cannot be read: " + reason, spec);
    }

    /** Writes a spec as the model holds it, or an unreadable one as it was stored. */
    static final class Serializer extends JsonSerializer<OtlpExporterSpec> {

        @Override
        public void serialize(OtlpExporterSpec spec, JsonGenerator generator, SerializerProvider serializers)
                throws IOException {
            if (spec.unreadable().isPresent()) {
                generator.writeTree(spec.unreadable().get().stored());
            } else {
                serializers.defaultSerializeValue(spec, generator);
            }
        }
    }
}
