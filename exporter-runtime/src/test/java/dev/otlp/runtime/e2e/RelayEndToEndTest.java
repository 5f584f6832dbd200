package dev.otlp.runtime.e2e;

import com.google.protobuf.ByteString;
import dev.otlp.runtime.e2e.SdkTraffic.ClientProtocol;
import dev.otlp.runtime.e2e.SdkTraffic.SentLog;
import dev.otlp.runtime.e2e.SdkTraffic.SentSpan;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.ReceivedRequest;
import dev.otlp.runtime.testing.TestUpstream;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The official OpenTelemetry SDK sends through the whole runtime to an OTLP server: every span,
 * data point and log record arrives once, with ids, attributes and resource intact, under each
 * upstream compression and over each protocol on both sides.
 */
class RelayEndToEndTest {

    private static final int TRACES = 40;
    private static final int SPANS = TRACES * 3;
    private static final int METRIC_ROUNDS = 25;
    private static final int LOGS = 30;

    static Stream<Arguments> routes() {
        return Stream.of(
                arguments(ClientProtocol.GRPC, "gzip", "grpc", "zstd"),
                arguments(ClientProtocol.GRPC, "none", "grpc", "gzip"),
                arguments(ClientProtocol.GRPC, "gzip", "grpc", "none"),
                arguments(ClientProtocol.HTTP, "gzip", "grpc", "zstd"),
                arguments(ClientProtocol.HTTP, "none", "http", "zstd"),
                arguments(ClientProtocol.GRPC, "gzip", "http", "gzip"),
                arguments(ClientProtocol.HTTP, "gzip", "http", "none"));
    }

    @ParameterizedTest(name = "SDK over {0} ({1}) → runtime → upstream over {2} ({3})")
    @MethodSource("routes")
    void relaysEverySpanDataPointAndLogRecordIntact(ClientProtocol client, String clientCompression,
                                                    String upstreamProtocol, String upstreamCompression) throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
             RunningRuntime runtime = RunningRuntime.start(config(upstream, upstreamProtocol, upstreamCompression))) {
            SdkTraffic sdk = new SdkTraffic(client,
                    client == ClientProtocol.GRPC ? runtime.grpcEndpoint() : runtime.httpEndpoint(), clientCompression);

            List<SentSpan> spans = sdk.sendTraces(TRACES);
            sdk.sendMetrics(METRIC_ROUNDS);
            List<SentLog> logs = sdk.sendLogs(LOGS, spans.get(0).context());

            awaitItems(upstream);
            assertSpansArrivedIntact(upstream, spans);
            assertMetricsArrivedIntact(upstream);
            assertLogsArrivedIntact(upstream, logs);
            assertThat(upstream.received()).extracting(ReceivedRequest::encoding)
                    .containsOnly(upstreamCompression.equals("none") ? "identity" : upstreamCompression);
            assertThat(upstream.received()).extracting(ReceivedRequest::protocol).containsOnly(upstreamProtocol);
            PollingAwait.until("the runtime to count every delivery", () -> runtime.metrics().contains(
                    "otlp_exported_items_total{signal=\"traces\"} " + SPANS + ".0")
                    && runtime.metrics().contains("otlp_exported_items_total{signal=\"logs\"} " + LOGS + ".0"));
            assertThat(runtime.metrics()).contains("otlp_received_items_total{signal=\"traces\"} " + SPANS + ".0")
                    .doesNotContainPattern("otlp_dropped_items_total\\{[^}]*} [1-9]");
        }
    }

    private static String config(TestUpstream upstream, String protocol, String compression) {
        return """
                [otlp]
                endpoint = "%s"
                protocol = "%s"
                timeout = "10s"
                retry_delay = "50ms"

                [performance]
                batch_size = 64
                batch_timeout = "20ms"
                enable_compression = %s
                compression_algorithm = "%s"
                min_compression_size = 1
                """.formatted(protocol.equals("grpc") ? upstream.grpcEndpoint() : upstream.httpEndpoint(), protocol,
                !compression.equals("none"), compression.equals("none") ? "zstd" : compression);
    }

    private static void awaitItems(TestUpstream upstream) {
        PollingAwait.until("all items at the upstream", () -> upstream.receivedSpans() >= SPANS
                && upstream.receivedLogRecords() >= LOGS
                && metricNames(upstream).containsAll(List.of("orders", "latency")));
    }

    private static void assertSpansArrivedIntact(TestUpstream upstream, List<SentSpan> sent) {
        List<ResourceSpans> resources = upstream.received(Signal.TRACES).stream()
                .flatMap(r -> ((ExportTraceServiceRequest) r.request()).getResourceSpansList().stream()).toList();
        assertThat(resources).allSatisfy(resource -> {
            assertThat(string(resource.getResource().getAttributesList(), "service.name")).isEqualTo("checkout");
            assertThat(string(resource.getResource().getAttributesList(), "k8s.pod.name")).isEqualTo("checkout-7d9f");
            assertThat(resource.getScopeSpansList()).extracting(s -> s.getScope().getName())
                    .containsOnly("io.example.checkout");
        });
        Map<String, Span> arrived = resources.stream().flatMap(r -> r.getScopeSpansList().stream())
                .map(ScopeSpans::getSpansList).flatMap(List::stream)
                .collect(Collectors.toMap(span -> hex(span.getSpanId()), Function.identity()));
        assertThat(arrived).hasSize(sent.size());
        for (SentSpan span : sent) {
            Span received = arrived.get(span.context().getSpanId());
            assertThat(received).as("span %s", span.context().getSpanId()).isNotNull();
            assertThat(hex(received.getTraceId())).isEqualTo(span.context().getTraceId());
            assertThat(hex(received.getParentSpanId())).isEqualTo(span.parentSpanId());
            assertThat(received.getName()).isEqualTo(span.name());
            assertThat(integer(received.getAttributesList(), "order")).isEqualTo(span.order());
        }
    }

    private static void assertMetricsArrivedIntact(TestUpstream upstream) {
        List<Metric> metrics = upstream.received(Signal.METRICS).stream()
                .flatMap(r -> ((ExportMetricsServiceRequest) r.request()).getResourceMetricsList().stream())
                .flatMap(r -> r.getScopeMetricsList().stream()).flatMap(s -> s.getMetricsList().stream()).toList();
        Metric orders = metrics.stream().filter(m -> m.getName().equals("orders")).findFirst().orElseThrow();
        Map<String, Long> byRegion = orders.getSum().getDataPointsList().stream()
                .collect(Collectors.toMap(p -> string(p.getAttributesList(), "region"), NumberDataPoint::getAsInt));
        long sum = (long) METRIC_ROUNDS * (METRIC_ROUNDS + 1) / 2;
        assertThat(byRegion).containsExactlyInAnyOrderEntriesOf(Map.of("eu", sum, "us", 10 * sum));
        Metric latency = metrics.stream().filter(m -> m.getName().equals("latency")).findFirst().orElseThrow();
        assertThat(latency.getUnit()).isEqualTo("ms");
        assertThat(latency.getHistogram().getDataPointsList()).singleElement().satisfies(point -> {
            assertThat(point.getCount()).isEqualTo(METRIC_ROUNDS);
            assertThat(point.getSum()).isEqualTo((double) sum);
        });
    }

    private static void assertLogsArrivedIntact(TestUpstream upstream, List<SentLog> sent) {
        List<LogRecord> records = upstream.received(Signal.LOGS).stream()
                .flatMap(r -> ((ExportLogsServiceRequest) r.request()).getResourceLogsList().stream())
                .flatMap(r -> r.getScopeLogsList().stream()).flatMap(s -> s.getLogRecordsList().stream()).toList();
        assertThat(records).extracting(r -> r.getBody().getStringValue())
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(SentLog::body).toList());
        for (LogRecord record : records) {
            SentLog log = sent.stream().filter(s -> s.body().equals(record.getBody().getStringValue())).findFirst().orElseThrow();
            assertThat(integer(record.getAttributesList(), "order")).isEqualTo(log.order());
            assertThat(hex(record.getTraceId())).isEqualTo(log.span().getTraceId());
            assertThat(hex(record.getSpanId())).isEqualTo(log.span().getSpanId());
            assertThat(record.getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_ERROR);
        }
    }

    private static List<String> metricNames(TestUpstream upstream) {
        return upstream.received(Signal.METRICS).stream()
                .flatMap(r -> ((ExportMetricsServiceRequest) r.request()).getResourceMetricsList().stream())
                .flatMap(r -> r.getScopeMetricsList().stream()).flatMap(s -> s.getMetricsList().stream())
                .map(Metric::getName).toList();
    }

    private static String hex(ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    private static String string(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(a -> a.getKey().equals(key)).map(a -> a.getValue().getStringValue())
                .findFirst().orElse(null);
    }

    private static long integer(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(a -> a.getKey().equals(key)).mapToLong(a -> a.getValue().getIntValue())
                .findFirst().orElseThrow();
    }
}
