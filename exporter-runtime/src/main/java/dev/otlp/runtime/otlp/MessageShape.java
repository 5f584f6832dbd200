package dev.otlp.runtime.otlp;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

import java.util.HashMap;
import java.util.Map;

/**
 * One OTLP message type as the wire walk sees it, by field number: which fields are strings (to
 * be valid UTF-8), which are messages to enter, and their names for saying where a problem is.
 * Built once from the protobuf descriptors, so every string field of the schema is covered.
 */
final class MessageShape {

    static final MessageShape TRACES = of(ExportTraceServiceRequest.getDescriptor(), new HashMap<>());
    static final MessageShape METRICS = of(ExportMetricsServiceRequest.getDescriptor(), new HashMap<>());
    static final MessageShape LOGS = of(ExportLogsServiceRequest.getDescriptor(), new HashMap<>());

    private final boolean[] strings;
    private final MessageShape[] messages;
    private final String[] names;
    private final boolean[] repeated;

    private MessageShape(int fields) {
        this.strings = new boolean[fields];
        this.messages = new MessageShape[fields];
        this.names = new String[fields];
        this.repeated = new boolean[fields];
    }

    static MessageShape of(Signal signal) {
        return switch (signal) {
            case TRACES -> TRACES;
            case METRICS -> METRICS;
            case LOGS -> LOGS;
        };
    }

    /** The shape of {@code type}; {@code built} holds the shapes made so far, for the schema's recursion (AnyValue in ArrayValue). */
    private static MessageShape of(Descriptor type, Map<Descriptor, MessageShape> built) {
        MessageShape known = built.get(type);
        if (known != null) {
            return known;
        }
        int maxField = type.getFields().stream().mapToInt(FieldDescriptor::getNumber).max().orElse(0);
        MessageShape shape = new MessageShape(maxField + 1);
        built.put(type, shape);
        for (FieldDescriptor field : type.getFields()) {
            shape.strings[field.getNumber()] = field.getType() == FieldDescriptor.Type.STRING;
            shape.names[field.getNumber()] = field.getName();
            shape.repeated[field.getNumber()] = field.isRepeated();
            if (field.getType() == FieldDescriptor.Type.MESSAGE) {
                shape.messages[field.getNumber()] = of(field.getMessageType(), built);
            }
        }
        return shape;
    }

    boolean isString(int field) {
        return field < strings.length && strings[field];
    }

    /** The shape of message field {@code field}; null when it is not a message field of this type. */
    MessageShape message(int field) {
        return field < messages.length ? messages[field] : null;
    }

    /** The field's name, or its number when the schema does not know it. */
    String name(int field) {
        String name = field < names.length ? names[field] : null;
        return name != null ? name : String.valueOf(field);
    }

    boolean isRepeated(int field) {
        return field < repeated.length && repeated[field];
    }
}
