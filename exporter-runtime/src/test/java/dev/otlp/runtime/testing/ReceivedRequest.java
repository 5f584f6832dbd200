package dev.otlp.runtime.testing;

import com.google.protobuf.Message;
import dev.otlp.runtime.otlp.SampleRequests;
import dev.otlp.runtime.otlp.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

import java.security.cert.X509Certificate;
import java.util.Map;

/**
 * One export request as the {@link TestUpstream} received it.
 *
 * @param protocol          {@code "grpc"} or {@code "http"}
 * @param body              the serialized request after decompression
 * @param encoding          {@code grpc-encoding} or {@code Content-Encoding}; {@code "identity"} when absent
 * @param headers           request headers (gRPC metadata), names in lower case
 * @param remoteAddress     the client's address and port: one per connection
 * @param clientCertificate the certificate the client presented on the request's connection; null without one
 * @param receivedAtNanos   {@link System#nanoTime()} on arrival
 * @param request           the parsed Export*ServiceRequest
 */
public record ReceivedRequest(Signal signal, String protocol, String path, byte[] body, String encoding,
                              Map<String, String> headers, String remoteAddress, X509Certificate clientCertificate,
                              long receivedAtNanos, Message request) {

    public String header(String name) {
        return headers.get(name.toLowerCase());
    }

    /** Spans, data points or log records in the request. */
    public int items() {
        return switch (signal) {
            case TRACES -> SampleRequests.spans((ExportTraceServiceRequest) request);
            case METRICS -> SampleRequests.dataPoints((ExportMetricsServiceRequest) request);
            case LOGS -> SampleRequests.logRecords((ExportLogsServiceRequest) request);
        };
    }
}
