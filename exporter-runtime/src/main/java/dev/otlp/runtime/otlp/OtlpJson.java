package dev.otlp.runtime.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * OTLP/JSON at the edge: a JSON request body becomes the protobuf bytes of the same request once,
 * and responses are rendered as JSON. Follows the OTLP JSON mapping: trace and span ids are hex
 * strings (protobuf's JSON mapping would expect base64), enums may be integers, keys are
 * lowerCamelCase (original field names are accepted too), unknown fields are ignored.
 */
public final class OtlpJson {

    private static final Set<String> HEX_ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id",
            "parent_span_id");
    /** OTLP nests a handful of levels (a kvlist value inside an array inside…), and its numbers fit in 64 bits. */
    static final int MAX_NESTING_DEPTH = 64;
    static final int MAX_NUMBER_LENGTH = 64;
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .build());
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final HexFormat HEX = HexFormat.of();

    private OtlpJson() {
    }

    /** The protobuf serialization of the OTLP/JSON request {@code json} (UTF-8) of {@code signal}. */
    public static byte[] toProtobuf(Signal signal, byte[] json) throws MalformedRequestException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            // The limits' own exceptions carry no location.
            throw new MalformedRequestException("invalid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at offset " + e.getLocation().getCharOffset()), e);
        } catch (IOException e) {
            throw new MalformedRequestException("invalid JSON: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new MalformedRequestException("the body is not a JSON object");
        }
        hexIdsToBase64(tree);
        Message.Builder builder = switch (signal) {
            case TRACES -> ExportTraceServiceRequest.newBuilder();
            case METRICS -> ExportMetricsServiceRequest.newBuilder();
            case LOGS -> ExportLogsServiceRequest.newBuilder();
        };
        try {
            PARSER.merge(tree.toString(), builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // protobuf's JSON parser reports some bad values (a number where a message belongs) unchecked.
            throw new MalformedRequestException("invalid OTLP/JSON " + signal.key() + " request: " + e.getMessage(), e);
        }
        return builder.build().toByteArray();
    }

    /** The JSON body of a successful export's response: an empty {@code Export*ServiceResponse}. */
    public static byte[] exportResponse(Signal signal) {
        return print(switch (signal) {
            case TRACES -> ExportTraceServiceResponse.getDefaultInstance();
            case METRICS -> ExportMetricsServiceResponse.getDefaultInstance();
            case LOGS -> ExportLogsServiceResponse.getDefaultInstance();
        });
    }

    /** {@code message} in the protobuf JSON mapping, UTF-8; for messages without {@code Any} fields. */
    public static byte[] print(MessageOrBuilder message) {
        try {
            return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("cannot render " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static void hexIdsToBase64(JsonNode node) throws MalformedRequestException {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey();
                JsonNode value = field.getValue();
                if (HEX_ID_FIELDS.contains(name) && value.isTextual()) {
                    field.setValue(new TextNode(hexToBase64(name, value.textValue())));
                } else {
                    hexIdsToBase64(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                hexIdsToBase64(element);
            }
        }
    }

    private static String hexToBase64(String field, String hex) throws MalformedRequestException {
        try {
            return Base64.getEncoder().encodeToString(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new MalformedRequestException(field + " is not a hex string: \"" + abbreviate(hex) + "\"");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
