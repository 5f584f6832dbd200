package dev.otlp.runtime.e2e;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Telemetry sent by the official OpenTelemetry Java SDK over OTLP/gRPC or OTLP/HTTP. */
final class SdkTraffic {

    static final Resource RESOURCE = Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), "checkout", AttributeKey.stringKey("k8s.pod.name"), "checkout-7d9f"));

    enum ClientProtocol { GRPC, HTTP }

    /** A span as the SDK made it: what must arrive upstream. */
    record SentSpan(SpanContext context, String parentSpanId, String name, long order) {
    }

    /** A log record as the SDK emitted it. */
    record SentLog(String body, long order, SpanContext span) {
    }

    private final ClientProtocol protocol;
    private final String endpoint;
    private final String compression;

    SdkTraffic(ClientProtocol protocol, String endpoint, String compression) {
        this.protocol = protocol;
        this.endpoint = endpoint;
        this.compression = compression;
    }

    /** Sends {@code traces} traces of a root span with two children each. */
    List<SentSpan> sendTraces(int traces) {
        SdkTracerProvider provider = SdkTracerProvider.builder().setResource(RESOURCE)
                .addSpanProcessor(BatchSpanProcessor.builder(spanExporter()).setScheduleDelay(Duration.ofMillis(20)).build())
                .build();
        Tracer tracer = provider.get("io.example.checkout", "1.0.0");
        List<SentSpan> sent = new ArrayList<>();
        for (int t = 0; t < traces; t++) {
            Span root = tracer.spanBuilder("POST /orders").setAttribute("order", t)
                    .setAttribute("http.request.method", "POST").startSpan();
            for (String step : List.of("reserve stock", "charge card")) {
                Span child = tracer.spanBuilder(step).setParent(Context.root().with(root))
                        .setAttribute("order", t).startSpan();
                child.end();
                sent.add(new SentSpan(child.getSpanContext(), root.getSpanContext().getSpanId(), step, t));
            }
            root.end();
            sent.add(new SentSpan(root.getSpanContext(), "", "POST /orders", t));
        }
        succeeds(provider.forceFlush());
        succeeds(provider.shutdown());
        return sent;
    }

    /**
     * Adds 1..n to the counter {@code orders} for region eu and 10..10n for us, and records 1..n in the
     * histogram {@code latency}. Exported once, by shutdown: a flush before it would export every point twice.
     */
    void sendMetrics(int n) {
        PeriodicMetricReader reader = PeriodicMetricReader.builder(metricExporter()).setInterval(Duration.ofHours(1)).build();
        SdkMeterProvider provider = SdkMeterProvider.builder().setResource(RESOURCE).registerMetricReader(reader).build();
        var meter = provider.get("io.example.checkout");
        var orders = meter.counterBuilder("orders").build();
        var latency = meter.histogramBuilder("latency").setUnit("ms").build();
        for (int i = 1; i <= n; i++) {
            orders.add(i, Attributes.of(AttributeKey.stringKey("region"), "eu"));
            orders.add(10L * i, Attributes.of(AttributeKey.stringKey("region"), "us"));
            latency.record(i);
        }
        succeeds(provider.shutdown());
    }

    List<SentLog> sendLogs(int n, SpanContext span) {
        SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(RESOURCE)
                .addLogRecordProcessor(BatchLogRecordProcessor.builder(logExporter()).setScheduleDelay(Duration.ofMillis(20)).build())
                .build();
        List<SentLog> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String body = "payment " + i + " failed";
            provider.get("io.example.checkout").logRecordBuilder()
                    .setContext(Context.root().with(Span.wrap(span)))
                    .setSeverity(Severity.ERROR).setBody(body).setAttribute(AttributeKey.longKey("order"), (long) i)
                    .emit();
            sent.add(new SentLog(body, i, span));
        }
        succeeds(provider.forceFlush());
        succeeds(provider.shutdown());
        return sent;
    }

    private SpanExporter spanExporter() {
        return protocol == ClientProtocol.GRPC
                ? OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).setCompression(compression).build()
                : OtlpHttpSpanExporter.builder().setEndpoint(endpoint + "/v1/traces").setCompression(compression).build();
    }

    private MetricExporter metricExporter() {
        return protocol == ClientProtocol.GRPC
                ? OtlpGrpcMetricExporter.builder().setEndpoint(endpoint).setCompression(compression).build()
                : OtlpHttpMetricExporter.builder().setEndpoint(endpoint + "/v1/metrics").setCompression(compression).build();
    }

    private LogRecordExporter logExporter() {
        return protocol == ClientProtocol.GRPC
                ? OtlpGrpcLogRecordExporter.builder().setEndpoint(endpoint).setCompression(compression).build()
                : OtlpHttpLogRecordExporter.builder().setEndpoint(endpoint + "/v1/logs").setCompression(compression).build();
    }

    private static void succeeds(CompletableResultCode result) {
        assertThat(result.join(30, TimeUnit.SECONDS).isSuccess()).as("the SDK reports success").isTrue();
    }
}
