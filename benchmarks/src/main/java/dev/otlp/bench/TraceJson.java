package dev.otlp.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A serialized trace export request as OTLP/JSON: protobuf's JSON mapping (camelCase names, 64-bit integers
 * as strings, enums by name) with the trace and span ids in hex, as the OTLP specification wants, instead of
 * protobuf's base64.
 */
public final class TraceJson {

    private static final Pattern ID = Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([A-Za-z0-9+/=]*)\"");
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private TraceJson() {
    }

    public static byte[] otlpJson(byte[] protobufRequest) {
        return hexIds(protobufJson(protobufRequest)).getBytes(StandardCharsets.UTF_8);
    }

    /** protobuf's own JSON mapping, with base64 ids: what protobuf's JSON parser reads. */
    public static String protobufJson(byte[] protobufRequest) {
        try {
            return PRINTER.print(ExportTraceServiceRequest.parseFrom(protobufRequest));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a trace export request", e);
        }
    }

    private static String hexIds(String json) {
        Matcher ids = ID.matcher(json);
        StringBuilder hex = new StringBuilder();
        while (ids.find()) {
            ids.appendReplacement(hex, "\"" + ids.group(1) + "\":\""
                    + HexFormat.of().formatHex(Base64.getDecoder().decode(ids.group(2))) + "\"");
        }
        ids.appendTail(hex);
        return hex.toString();
    }
}
