package dev.otlp.runtime.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.otlp.runtime.compression.Reservation;
import dev.otlp.runtime.compression.ReservationRefusedException;
import dev.otlp.runtime.compression.TooLargeException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * OTLP/JSON at the edge: a JSON request body becomes the protobuf bytes of the same request once,
 * streamed token by token (see {@link JsonTranscoder}), and responses are rendered as JSON.
 */
public final class OtlpJson {

    /** A string can be no longer than the body holding it, which the receivers bound. */
    private static final JsonFactory FACTORY = JsonTranscoder.factory(Integer.MAX_VALUE);
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private OtlpJson() {
    }

    /**
     * The protobuf serialization of the OTLP/JSON request {@code json} (UTF-8) of {@code signal},
     * at most {@code maxSize} bytes. Besides {@code json}, it holds at most the output growing by
     * half again and its exact copy, each reserved from {@code reservation} first.
     *
     * @throws TooLargeException           when the request is larger than {@code maxSize} in protobuf
     * @throws ReservationRefusedException when {@code reservation} refuses memory
     */
    public static byte[] toProtobuf(Signal signal, byte[] json, long maxSize, Reservation reservation)
            throws MalformedRequestException, IOException {
        Descriptor type = switch (signal) {
            case TRACES -> ExportTraceServiceRequest.getDescriptor();
            case METRICS -> ExportMetricsServiceRequest.getDescriptor();
            case LOGS -> ExportLogsServiceRequest.getDescriptor();
        };
        try {
            return JsonTranscoder.transcode(FACTORY, type, json, maxSize, reservation);
        } catch (JsonProcessingException e) {
            // The limits' own exceptions carry no location.
            String where = e.getProcessor() instanceof JsonParser parser ? JsonTranscoder.path(parser.getParsingContext()) : "";
            throw new MalformedRequestException("invalid JSON: " + e.getOriginalMessage()
                    + (where.isEmpty() ? "" : " in " + where)
                    + (e.getLocation() == null ? "" : " at offset " + JsonTranscoder.offset(e.getLocation())), e);
        }
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
}
