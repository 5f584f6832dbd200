package dev.otlp.runtime.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Generated export requests with nested content and unknown fields everywhere a walker could trip. */
public final class SampleRequests {

    private static final Pattern BASE64_ID = Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([A-Za-z0-9+/=]*)\"");

    private SampleRequests() {
    }

    public static ExportTraceServiceRequest traces(Random random, int resources) {
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder().setUnknownFields(unknown(random));
        for (int r = 0; r < resources; r++) {
            ResourceSpans.Builder resource = ResourceSpans.newBuilder().setResource(resource(r)).setUnknownFields(unknown(random));
            for (int s = random.nextInt(3); s >= 0; s--) {
                ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(scope()).setUnknownFields(unknown(random));
                for (int i = random.nextInt(5); i > 0; i--) {
                    scope.addSpans(span(random));
                }
                resource.addScopeSpans(scope);
            }
            request.addResourceSpans(resource);
        }
        return request.build();
    }

    /** One resource with one scope and a few spans: a request with a single top-level field. */
    public static ExportTraceServiceRequest smallTraces() {
        Random random = new Random(7);
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource(0))
                        .addScopeSpans(ScopeSpans.newBuilder().setScope(scope()).addSpans(span(random)).addSpans(span(random))))
                .build();
    }

    public static Span span(Random random) {
        return Span.newBuilder()
                .setTraceId(bytes(random, 16))
                .setSpanId(bytes(random, 8))
                .setParentSpanId(bytes(random, 8))
                .setName("GET /orders/" + random.nextInt(1000))
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(1_700_000_000_000_000_000L + random.nextInt(1_000_000))
                .setEndTimeUnixNano(1_700_000_000_100_000_000L)
                .addAttributes(attribute("http.status_code", random.nextInt(600)))
                .addEvents(Span.Event.newBuilder().setName("retry").addAttributes(attribute("attempt", 2)))
                .addLinks(Span.Link.newBuilder().setTraceId(bytes(random, 16)).setSpanId(bytes(random, 8)))
                .setUnknownFields(unknown(random))
                .build();
    }

    public static ExportMetricsServiceRequest metrics(Random random, int resources) {
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder().setUnknownFields(unknown(random));
        for (int r = 0; r < resources; r++) {
            ResourceMetrics.Builder resource = ResourceMetrics.newBuilder().setResource(resource(r));
            ScopeMetrics.Builder scope = ScopeMetrics.newBuilder().setScope(scope()).setUnknownFields(unknown(random));
            scope.addMetrics(Metric.newBuilder().setName("cpu").setUnknownFields(unknown(random))
                    .setGauge(Gauge.newBuilder().addAllDataPoints(numbers(random))));
            scope.addMetrics(Metric.newBuilder().setName("requests")
                    .setSum(Sum.newBuilder().setIsMonotonic(true).addAllDataPoints(numbers(random))));
            Histogram.Builder histogram = Histogram.newBuilder();
            for (int i = random.nextInt(4); i > 0; i--) {
                histogram.addDataPoints(HistogramDataPoint.newBuilder().setCount(3).addBucketCounts(1).addBucketCounts(2)
                        .addExplicitBounds(10.0).addAttributes(attribute("route", i)));
            }
            scope.addMetrics(Metric.newBuilder().setName("latency").setHistogram(histogram));
            ExponentialHistogram.Builder exponential = ExponentialHistogram.newBuilder();
            for (int i = random.nextInt(4); i > 0; i--) {
                exponential.addDataPoints(ExponentialHistogramDataPoint.newBuilder().setScale(3).setCount(2)
                        .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().addBucketCounts(2)));
            }
            scope.addMetrics(Metric.newBuilder().setName("size").setExponentialHistogram(exponential));
            Summary.Builder summary = Summary.newBuilder();
            for (int i = random.nextInt(4); i > 0; i--) {
                summary.addDataPoints(SummaryDataPoint.newBuilder().setCount(4).setSum(2.5)
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(7)));
            }
            scope.addMetrics(Metric.newBuilder().setName("legacy").setSummary(summary));
            request.addResourceMetrics(resource.addScopeMetrics(scope));
        }
        return request.build();
    }

    private static Iterable<NumberDataPoint> numbers(Random random) {
        java.util.List<NumberDataPoint> points = new java.util.ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            points.add(NumberDataPoint.newBuilder().setAsDouble(random.nextDouble()).addAttributes(attribute("core", i))
                    .setUnknownFields(unknown(random)).build());
        }
        return points;
    }

    public static ExportLogsServiceRequest logs(Random random, int resources) {
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        for (int r = 0; r < resources; r++) {
            ResourceLogs.Builder resource = ResourceLogs.newBuilder().setResource(resource(r)).setUnknownFields(unknown(random));
            for (int s = random.nextInt(3); s >= 0; s--) {
                ScopeLogs.Builder scope = ScopeLogs.newBuilder().setScope(scope());
                for (int i = random.nextInt(5); i > 0; i--) {
                    scope.addLogRecords(LogRecord.newBuilder().setBody(AnyValue.newBuilder().setStringValue("payment failed"))
                            .setTraceId(bytes(random, 16)).setSpanId(bytes(random, 8)).addAttributes(attribute("order", i)));
                }
                resource.addScopeLogs(scope);
            }
            request.addResourceLogs(resource);
        }
        return request.build();
    }

    public static int spans(ExportTraceServiceRequest request) {
        return request.getResourceSpansList().stream().flatMap(r -> r.getScopeSpansList().stream())
                .mapToInt(ScopeSpans::getSpansCount).sum();
    }

    public static int dataPoints(ExportMetricsServiceRequest request) {
        return request.getResourceMetricsList().stream().flatMap(r -> r.getScopeMetricsList().stream())
                .flatMap(s -> s.getMetricsList().stream()).mapToInt(SampleRequests::dataPoints).sum();
    }

    private static int dataPoints(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsCount();
            case SUM -> metric.getSum().getDataPointsCount();
            case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> metric.getSummary().getDataPointsCount();
            case DATA_NOT_SET -> 0;
        };
    }

    public static int logRecords(ExportLogsServiceRequest request) {
        return request.getResourceLogsList().stream().flatMap(r -> r.getScopeLogsList().stream())
                .mapToInt(ScopeLogs::getLogRecordsCount).sum();
    }

    private static Resource resource(int index) {
        return Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue("service-" + index))).build();
    }

    private static InstrumentationScope scope() {
        return InstrumentationScope.newBuilder().setName("io.example.checkout").setVersion("1.2.3").build();
    }

    private static KeyValue attribute(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    private static ByteString bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return ByteString.copyFrom(bytes);
    }

    /** Fields of every wire type at numbers no OTLP message uses, including numbers that lead to items one level down. */
    private static UnknownFieldSet unknown(Random random) {
        return UnknownFieldSet.newBuilder()
                .addField(1000, UnknownFieldSet.Field.newBuilder().addVarint(random.nextLong()).build())
                .addField(1001, UnknownFieldSet.Field.newBuilder().addFixed32(random.nextInt()).addFixed64(random.nextLong()).build())
                .addField(1002, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFromUtf8("\u0012\u0002\u0012\u0000 not an item")).build())
                .build();
    }

    /** {@code request} in OTLP/JSON, as a client sends it: protobuf's JSON mapping, with ids in hex instead of base64. */
    public static byte[] otlpJson(MessageOrBuilder request) {
        String json;
        try {
            json = JsonFormat.printer().omittingInsignificantWhitespace().print(request);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
        Matcher ids = BASE64_ID.matcher(json);
        StringBuilder hex = new StringBuilder();
        while (ids.find()) {
            ids.appendReplacement(hex, "\"" + ids.group(1) + "\":\""
                    + HexFormat.of().formatHex(Base64.getDecoder().decode(ids.group(2))) + "\"");
        }
        ids.appendTail(hex);
        return hex.toString().getBytes(StandardCharsets.UTF_8);
    }
}
