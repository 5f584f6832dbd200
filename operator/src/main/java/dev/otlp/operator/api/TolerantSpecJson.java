package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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
        String reason = reason(e);
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return new OtlpExporterSpec.Unreadable("spec", reason, spec);
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
        return new OtlpExporterSpec.Unreadable(field.toString(), shown + reason, spec);
    }

    /** What is wrong with the value, in the words of the CRD rather than of the Java model. */
    private static String reason(JsonProcessingException e) {
        Class<?> type = e instanceof MismatchedInputException mismatched ? mismatched.getTargetType() : null;
        if (type != null && type.isEnum()) {
            return "is not one of " + String.join(", ", jsonNames(type));
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            Object value = e instanceof InvalidFormatException invalid ? invalid.getValue() : null;
            boolean digits = value instanceof Number || value instanceof String text && text.strip().matches("-?[0-9]+");
            return digits ? "is out of range: at most " + (type == Integer.class || type == int.class ? Integer.MAX_VALUE : Long.MAX_VALUE)
                    : "is not an integer";
        }
        if (type != null) {
            return "is not a " + (Number.class.isAssignableFrom(type) ? "number"
                    : type == String.class ? "string" : type == Boolean.class || type == boolean.class ? "boolean" : "valid value");
        }
        return "cannot be read: " + e.getOriginalMessage().lines().findFirst().orElse("").strip();
    }

    private static List<String> jsonNames(Class<?> enumType) {
        List<String> names = new ArrayList<>();
        for (Object constant : enumType.getEnumConstants()) {
            String name = ((Enum<?>) constant).name();
            try {
                JsonProperty property = enumType.getField(name).getAnnotation(JsonProperty.class);
                names.add(property == null ? name : property.value());
            } catch (NoSuchFieldException e) {
                names.add(name);
            }
        }
        return names;
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
