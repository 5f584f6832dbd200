package dev.otlp.runtime.export;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.otlp.runtime.otlp.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/** Reads the {@code partial_success} of a successful export response. */
final class PartialSuccess {

    private PartialSuccess() {
    }

    static Attempt parse(Signal signal, byte[] response) {
        if (response == null || response.length == 0) {
            return new Attempt.Accepted(0, null);
        }
        try {
            return switch (signal) {
                case TRACES -> {
                    var partial = ExportTraceServiceResponse.parseFrom(response).getPartialSuccess();
                    yield accepted(partial.getRejectedSpans(), partial.getErrorMessage());
                }
                case METRICS -> {
                    var partial = ExportMetricsServiceResponse.parseFrom(response).getPartialSuccess();
                    yield accepted(partial.getRejectedDataPoints(), partial.getErrorMessage());
                }
                case LOGS -> {
                    var partial = ExportLogsServiceResponse.parseFrom(response).getPartialSuccess();
                    yield accepted(partial.getRejectedLogRecords(), partial.getErrorMessage());
                }
            };
        } catch (InvalidProtocolBufferException e) {
            // The batch was accepted; only the optional details are unreadable.
            return new Attempt.Accepted(0, null);
        }
    }

    private static Attempt accepted(long rejected, String message) {
        return new Attempt.Accepted(rejected, message.isEmpty() ? null : message);
    }
}
