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
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@code spec} so that reading never fails: an informer that cannot read one resource fails, and
 * the operator with it, for every resource in the cluster. The fields of a spec that an API server stored but this
 * model cannot hold (a number past its Java type, an enum constant from a newer CRD, a field of another type) are
 * left out and listed in {@link OtlpExporterSpec#unreadable}, each naming the field and its value, so that they are
 * reported on that resource's status together with whatever else is wrong with the fields that were read.
 * {@link Serializer} writes such a spec back as it was stored, so that a copy of the resource (JOSDK copies through
 * JSON) reads the same.
 */
final class TolerantSpecJson {

    /** Past this many unreadable fields the rest of the spec is not tried field by field. */
    private static final int MAX_UNREADABLE_FIELDS = 50;

    private TolerantSpecJson() {
    }

    /** Reads a spec, leaving out and naming the fields the model cannot hold. */
    static final class Deserializer extends JsonDeserializer<OtlpExporterSpec> {

        @Override
        public OtlpExporterSpec deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode stored = parser.readValueAsTree();
            JsonNode readable = stored.deepCopy();
            List<OtlpExporterSpec.Unreadable.Field> unreadable = new ArrayList<>();
            while (true) {
                try {
                    OtlpExporterSpec spec = context.readTreeAsValue(readable, OtlpExporterSpec.class);
                    return unreadable.isEmpty() ? spec
                            : OtlpExporterSpec.unreadable(spec, new OtlpExporterSpec.Unreadable(List.copyOf(unreadable), stored));
                } catch (JsonProcessingException e) {
                    List<Object> steps = steps(e);
                    unreadable.add(describe(e, steps, readable));
                    if (steps.isEmpty() || !leaveOut(readable, steps)) {
                        return whole(unreadable, stored);
                    }
                    if (unreadable.size() == MAX_UNREADABLE_FIELDS) {
                        unreadable.add(new OtlpExporterSpec.Unreadable.Field("spec",
                                "holds more than " + MAX_UNREADABLE_FIELDS + " values that cannot be read"));
                        return whole(unreadable, stored);
                    }
                }
            }
        }

        private static OtlpExporterSpec whole(List<OtlpExporterSpec.Unreadable.Field> unreadable, JsonNode stored) {
            if (unreadable.stream().noneMatch(field -> field.field().equals("spec"))) {
                unreadable.add(new OtlpExporterSpec.Unreadable.Field("spec", "cannot be read"));
            }
            return OtlpExporterSpec.unreadable(new OtlpExporterSpec(), new OtlpExporterSpec.Unreadable(List.copyOf(unreadable), stored));
        }
    }

    /** The field names (String) and list indexes (Integer) leading from the spec to the value that could not be read. */
    private static List<Object> steps(JsonProcessingException e) {
        List<Object> steps = new ArrayList<>();
        if (e instanceof JsonMappingException mapping) {
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                steps.add(reference.getFieldName() != null ? reference.getFieldName() : Integer.valueOf(reference.getIndex()));
            }
        }
        return steps;
    }

    private static OtlpExporterSpec.Unreadable.Field describe(JsonProcessingException e, List<Object> steps, JsonNode spec) {
        String reason = reason(e);
        StringBuilder field = new StringBuilder("spec");
        steps.forEach(step -> field.append(step instanceof Integer index ? "[" + index + "]" : "." + step));
        JsonNode value = spec.at(pointer(steps));
        String shown = steps.isEmpty() || value.isMissingNode() ? "" : (value.isTextual() ? value.asText() : value.toString()) + " ";
        return new OtlpExporterSpec.Unreadable.Field(field.toString(), shown + reason);
    }

    /**
     * Removes the unreadable value from {@code spec}: the field, or the whole list when the value is an element of one
     * (so that the indexes of the fields named stay those of the stored spec). False when there is nothing to remove.
     */
    private static boolean leaveOut(JsonNode spec, List<Object> steps) {
        int last = steps.size() - 1;
        while (last > 0 && steps.get(last) instanceof Integer) {
            last--;
        }
        JsonNode parent = spec.at(pointer(steps.subList(0, last)));
        return parent instanceof ObjectNode object && object.remove(steps.get(last).toString()) != null;
    }

    private static String pointer(List<Object> steps) {
        StringBuilder pointer = new StringBuilder();
        steps.forEach(step -> pointer.append('/').append(step.toString().replace("~", "~0").replace("/", "~1")));
        return pointer.toString();
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
