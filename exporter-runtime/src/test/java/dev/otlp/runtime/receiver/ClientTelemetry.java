package dev.otlp.runtime.receiver;

import dev.otlp.runtime.telemetry.RuntimeMetrics;
import dev.otlp.runtime.telemetry.RuntimeMetrics.ReceiverTransport;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.Metric;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Telemetry sent by the official OpenTelemetry Java SDK through a given OTLP exporter. */
final class ClientTelemetry {

    static final Resource RESOURCE = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "checkout"));

    /** The contexts of a parent span and its child, both exported. */
    record SentSpans(SpanContext parent, SpanContext child) {
    }

    private ClientTelemetry() {
    }

    static SentSpans sendSpans(SpanExporter exporter) {
        SdkTracerProvider provider = SdkTracerProvider.builder().setResource(RESOURCE)
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        Tracer tracer = provider.get("io.example.checkout");
        Span parent = tracer.spanBuilder("POST /orders").setAttribute("http.method", "POST").startSpan();
        Span child = tracer.spanBuilder("charge card").setParent(Context.root().with(parent))
                .setAttribute("retries", 3L).startSpan();
        child.end();
        parent.end();
        completes(provider.forceFlush());
        completes(provider.shutdown());
        return new SentSpans(parent.getSpanContext(), child.getSpanContext());
    }

    static void sendMetrics(MetricExporter exporter) {
        PeriodicMetricReader reader = PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build();
        SdkMeterProvider provider = SdkMeterProvider.builder().setResource(RESOURCE).registerMetricReader(reader).build();
        provider.get("io.example.checkout").counterBuilder("orders").build()
                .add(5, Attributes.of(AttributeKey.stringKey("region"), "eu"));
        provider.get("io.example.checkout").histogramBuilder("latency").build().record(12.5);
        completes(provider.forceFlush());
        completes(provider.shutdown());
    }

    /** Emits one log record in the context of a span and returns that span's context. */
    static SpanContext sendLog(LogRecordExporter exporter) {
        SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(RESOURCE)
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build();
        SpanContext span = SpanContext.create("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174",
                TraceFlags.getSampled(), TraceState.getDefault());
        provider.get("io.example.checkout").logRecordBuilder()
                .setContext(Context.root().with(Span.wrap(span)))
                .setSeverity(Severity.ERROR).setBody("payment failed").setAttribute(AttributeKey.longKey("order"), 42L)
                .emit();
        completes(provider.forceFlush());
        completes(provider.shutdown());
        return span;
    }

    /** The two spans of {@link #sendSpans} were counted as accepted over {@code transport}. */
    static void assertSpansCounted(RuntimeMetrics metrics, ReceiverTransport transport) {
        assertThat(metrics.scrape()).contains(
                "otlp_requests_total{outcome=\"accepted\",signal=\"traces\",transport=\"" + transport.label() + "\"} 2.0",
                "otlp_received_items_total{signal=\"traces\"} 2.0");
    }

    static void assertSpansArrived(RecordingIntake intake, SentSpans sent) throws Exception {
        List<io.opentelemetry.proto.trace.v1.Span> spans = intake.spans();
        assertThat(spans).extracting(io.opentelemetry.proto.trace.v1.Span::getName)
                .containsExactlyInAnyOrder("POST /orders", "charge card");
        io.opentelemetry.proto.trace.v1.Span parent = named(spans, "POST /orders");
        io.opentelemetry.proto.trace.v1.Span child = named(spans, "charge card");
        assertThat(hex(parent.getTraceId())).isEqualTo(sent.parent().getTraceId());
        assertThat(hex(parent.getSpanId())).isEqualTo(sent.parent().getSpanId());
        assertThat(hex(child.getTraceId())).isEqualTo(sent.parent().getTraceId());
        assertThat(hex(child.getSpanId())).isEqualTo(sent.child().getSpanId());
        assertThat(hex(child.getParentSpanId())).isEqualTo(sent.parent().getSpanId());
        assertThat(stringAttribute(parent.getAttributesList(), "http.method")).contains("POST");
        assertThat(longAttribute(child.getAttributesList(), "retries")).contains(3L);
    }

    static void assertMetricsArrived(RecordingIntake intake) throws Exception {
        List<Metric> metrics = intake.metrics();
        Metric orders = metrics.stream().filter(m -> m.getName().equals("orders")).findFirst().orElseThrow();
        assertThat(orders.getSum().getDataPoints(0).getAsInt()).isEqualTo(5);
        assertThat(stringAttribute(orders.getSum().getDataPoints(0).getAttributesList(), "region")).contains("eu");
        Metric latency = metrics.stream().filter(m -> m.getName().equals("latency")).findFirst().orElseThrow();
        assertThat(latency.getHistogram().getDataPoints(0).getSum()).isEqualTo(12.5);
    }

    static void assertLogArrived(RecordingIntake intake, SpanContext span) throws Exception {
        assertThat(intake.logRecords()).singleElement().satisfies(log -> {
            assertThat(log.getBody().getStringValue()).isEqualTo("payment failed");
            assertThat(log.getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_ERROR);
            assertThat(hex(log.getTraceId())).isEqualTo(span.getTraceId());
            assertThat(hex(log.getSpanId())).isEqualTo(span.getSpanId());
            assertThat(longAttribute(log.getAttributesList(), "order")).contains(42L);
        });
    }

    private static io.opentelemetry.proto.trace.v1.Span named(List<io.opentelemetry.proto.trace.v1.Span> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    static String hex(ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    static void completes(CompletableResultCode result) {
        assertThat(result.join(30, TimeUnit.SECONDS).isSuccess()).as("the SDK reports success").isTrue();
    }

    static Optional<String> stringAttribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(a -> a.getKey().equals(key)).map(a -> a.getValue().getStringValue()).findFirst();
    }

    static Optional<Long> longAttribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(a -> a.getKey().equals(key)).map(a -> a.getValue().getIntValue()).findFirst();
    }
}
