package dev.otlp.runtime.pipeline;

import dev.otlp.runtime.config.PerformanceConfig;
import dev.otlp.runtime.config.PersistenceConfig;
import dev.otlp.runtime.config.Profile;
import dev.otlp.runtime.config.QueueConfig;
import dev.otlp.runtime.config.UpstreamConfig;
import dev.otlp.runtime.export.Delivery;
import dev.otlp.runtime.export.Upstream;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.Admission;
import dev.otlp.runtime.queue.MemoryQueue;
import dev.otlp.runtime.queue.Payload;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import dev.otlp.runtime.testing.PollingAwait;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineTest {

    private final RecordingUpstream upstream = new RecordingUpstream();
    private final RuntimeMetrics metrics = new RuntimeMetrics();
    private Pipeline pipeline;

    @AfterEach
    void stopPipeline() throws InterruptedException {
        upstream.releaseAll();
        if (pipeline != null) {
            pipeline.stop();
        }
    }

    @Test
    void batchesRequestsByConcatenatingThemIntoOneValidRequest() throws Exception {
        pipeline = started(performance(10, Duration.ofHours(1), 100, false), queue(1000, 1 << 20));

        for (int i = 0; i < 5; i++) {
            assertThat(pipeline.offer(traces("service-" + i, 2))).isEqualTo(Admission.ACCEPTED);
        }

        PollingAwait.until("the condition", () -> upstream.sent.size() == 1);
        RecordingUpstream.Sent batch = upstream.sent.get(0);
        assertThat(batch.items()).isEqualTo(10);
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(batch.request());
        assertThat(request.getResourceSpansList()).extracting(r -> r.getResource().getAttributes(0).getValue().getStringValue())
                .containsExactly("service-0", "service-1", "service-2", "service-3", "service-4");
        assertThat(request.getResourceSpansList()).allSatisfy(r -> assertThat(r.getScopeSpans(0).getSpansCount()).isEqualTo(2));
    }

    @Test
    void sendsAPartialBatchOnceTheBatchTimeoutPasses() {
        pipeline = started(performance(1000, Duration.ofMillis(50), 2000, false), queue(10_000, 1 << 20));

        pipeline.offer(traces("lonely", 3));

        PollingAwait.until("the condition", () -> upstream.sent.size() == 1);
        assertThat(upstream.sent.get(0).items()).isEqualTo(3);
    }

    @Test
    void neverLetsABatchGrowPastMaxBatchSize() {
        upstream.hold();
        pipeline = started(performance(8, Duration.ofMillis(200), 10, false), queue(10_000, 1 << 20));

        for (int i = 0; i < 6; i++) {
            pipeline.offer(traces("s", 4));
        }

        PollingAwait.until("the condition", () -> upstream.itemsSent() == 24);
        assertThat(upstream.sent).allSatisfy(sent -> assertThat(sent.items()).isLessThanOrEqualTo(10));
    }

    @Test
    void sendsARequestLargerThanMaxBatchSizeWhole() {
        pipeline = started(performance(8, Duration.ofMillis(20), 10, false), queue(10_000, 1 << 20));

        pipeline.offer(traces("big", 25));

        PollingAwait.until("the condition", () -> upstream.sent.size() == 1);
        assertThat(upstream.sent.get(0).items()).isEqualTo(25);
    }

    @Test
    void refusesDataWhenQueueIsFullAndTakesItAgainOnceDelivered() {
        upstream.hold();
        pipeline = started(performance(1, Duration.ofMillis(1), 10, false), queue(10, 1 << 20));

        assertThat(pipeline.offer(traces("a", 6))).isEqualTo(Admission.ACCEPTED);
        assertThat(pipeline.offer(traces("b", 4))).isEqualTo(Admission.ACCEPTED);
        assertThat(pipeline.offer(traces("c", 1))).isEqualTo(Admission.QUEUE_FULL);
        assertThat(pipeline.notReadyReasons()).anySatisfy(reason -> assertThat(reason).contains("high-water mark"));

        PollingAwait.until("the condition", () -> upstream.sent.size() == 2);
        upstream.releaseAll();

        PollingAwait.until("the condition", () -> pipeline.offer(traces("c", 1)) == Admission.ACCEPTED);
        assertThat(pipeline.notReadyReasons()).isEmpty();
    }

    @Test
    void refusesDataWhenQueueBytesAreFull() {
        upstream.hold();
        Payload payload = traces("a", 1);
        pipeline = started(performance(1, Duration.ofMillis(1), 10, false), queue(1000, payload.sizeBytes() * 2L));

        assertThat(pipeline.offer(payload)).isEqualTo(Admission.ACCEPTED);
        assertThat(pipeline.offer(payload)).isEqualTo(Admission.ACCEPTED);
        assertThat(pipeline.offer(payload)).isEqualTo(Admission.QUEUE_FULL);
    }

    @Test
    void drainDeliversWhatItHoldsWithoutWaitingForTheBatchTimeoutAndThenRefuses() throws Exception {
        pipeline = started(performance(1000, Duration.ofHours(1), 2000, false), queue(10_000, 1 << 20));
        pipeline.offer(traces("a", 3));
        pipeline.offer(traces("b", 4));

        assertThat(pipeline.drain(Duration.ofSeconds(30))).isTrue();

        assertThat(upstream.itemsSent()).isEqualTo(7);
        assertThat(pipeline.offer(traces("late", 1))).isEqualTo(Admission.SHUTTING_DOWN);
        assertThat(pipeline.notReadyReasons()).contains("draining for shutdown");
        assertThat(pipeline.stop()).isZero();
    }

    @Test
    void countsWhatCouldNotBeDeliveredWithinTheDrainTimeout() throws Exception {
        upstream.hold();
        pipeline = started(performance(1, Duration.ofMillis(1), 10, false), queue(10_000, 1 << 20));
        pipeline.offer(traces("stuck", 5));
        PollingAwait.until("the condition", () -> upstream.sent.size() == 1);

        assertThat(pipeline.drain(Duration.ofMillis(50))).isFalse();
        upstream.close();

        assertThat(pipeline.stop()).isEqualTo(5);
        assertThat(metrics.scrape()).contains("otlp_dropped_items_total{reason=\"shutdown\",signal=\"traces\"} 5.0");
    }

    @Test
    void countsItemsTheUpstreamRejectedByReason() {
        upstream.answerWith(items -> Delivery.partial(items, 2, "2 spans had no name"));
        pipeline = started(performance(1, Duration.ofMillis(1), 10, false), queue(10_000, 1 << 20));

        pipeline.offer(traces("a", 5));

        PollingAwait.until("the condition", () -> metrics.scrape().contains("otlp_dropped_items_total{reason=\"partial_success\",signal=\"traces\"} 2.0"));
        assertThat(metrics.scrape()).contains("otlp_exported_items_total{signal=\"traces\"} 3.0");
    }

    @Test
    void keepsSignalsInSeparateBatches() {
        pipeline = started(performance(1000, Duration.ofMillis(20), 2000, false), queue(10_000, 1 << 20));

        pipeline.offer(traces("t", 2));
        pipeline.offer(new Payload(Signal.LOGS, traces("not-really-logs", 1).bytes(), 1));

        PollingAwait.until("the condition", () -> upstream.sent.size() == 2);
        assertThat(upstream.sent).extracting(RecordingUpstream.Sent::signal).containsExactlyInAnyOrder(Signal.TRACES, Signal.LOGS);
    }

    @Test
    void acceptsEmptyRequestsWithoutSendingThem() throws Exception {
        pipeline = started(performance(1, Duration.ofMillis(1), 10, false), queue(10, 1 << 20));

        assertThat(pipeline.offer(new Payload(Signal.TRACES, new byte[0], 0))).isEqualTo(Admission.ACCEPTED);

        assertThat(pipeline.drain(Duration.ofSeconds(5))).isTrue();
        assertThat(upstream.sent).isEmpty();
    }

    @Test
    void sendsEachRequestAloneWhenBatchingIsOff() {
        PerformanceConfig off = withBatching(performance(100, Duration.ofHours(1), 1000, false), false);
        pipeline = started(off, queue(10_000, 1 << 20));

        pipeline.offer(traces("a", 3));
        pipeline.offer(traces("b", 4));

        PollingAwait.until("the condition", () -> upstream.sent.size() == 2);
        assertThat(upstream.sent).extracting(RecordingUpstream.Sent::items).containsExactlyInAnyOrder(3, 4);
    }

    @Test
    void splitsARequestLargerThanMaxExportSizeIntoExportsThatFit() throws Exception {
        pipeline = started(performance(1000, Duration.ofMillis(20), 100_000, false), queue(100_000, 64 << 20), 2048);
        Payload big = traces("big", 300);
        assertThat(big.sizeBytes()).isGreaterThan(4 * 2048);

        assertThat(pipeline.offer(big)).isEqualTo(Admission.ACCEPTED);

        PollingAwait.until("the condition", () -> upstream.itemsSent() == 300);
        assertThat(upstream.sent).hasSizeGreaterThan(3).allSatisfy(sent -> assertThat(sent.request().length).isLessThanOrEqualTo(2048));
        List<String> names = new ArrayList<>();
        for (RecordingUpstream.Sent sent : upstream.sent) {
            ExportTraceServiceRequest part = ExportTraceServiceRequest.parseFrom(sent.request());
            part.getResourceSpansList().forEach(r -> {
                assertThat(r.getResource().getAttributes(0).getValue().getStringValue()).isEqualTo("big");
                r.getScopeSpansList().forEach(scope -> scope.getSpansList().forEach(span -> names.add(span.getName())));
            });
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 300).mapToObj(i -> "span-" + i).toList());
    }

    @Test
    void cutsBatchesOfSmallRequestsBelowMaxExportSize() {
        upstream.hold();
        Payload small = traces("small", 10);
        long limit = small.sizeBytes() * 3L + 10;
        pipeline = started(performance(1000, Duration.ofMillis(50), 100_000, false), queue(100_000, 64 << 20), limit);

        for (int i = 0; i < 20; i++) {
            assertThat(pipeline.offer(traces("small", 10))).isEqualTo(Admission.ACCEPTED);
        }

        PollingAwait.until("the condition", () -> upstream.itemsSent() == 200);
        assertThat(upstream.sent).allSatisfy(sent -> assertThat((long) sent.request().length).isLessThanOrEqualTo(limit));
    }

    @Test
    void refusesARequestHoldingOneItemLargerThanMaxExportSizeAsNotRetryable() {
        pipeline = started(performance(10, Duration.ofMillis(20), 100, false), queue(100_000, 64 << 20), 1024);

        Payload hugeSpan = traces("huge-span", 1, "x".repeat(2000));
        assertThat(pipeline.offer(hugeSpan)).isEqualTo(Admission.TOO_LARGE);
        assertThat(pipeline.tooLargeMessage(hugeSpan)).startsWith("the request holds a span of ")
                .endsWith(", which with its resource and scope is larger than [otlp] max_export_size = 1 KiB");
        assertThat(upstream.sent).isEmpty();
    }

    @Test
    void refusesARequestLargerThanTheWholeQueueAsNotRetryable() {
        pipeline = started(performance(10, Duration.ofMillis(20), 100, false), queue(5, 64 << 20));

        Payload sixSpans = traces("more-than-the-queue", 6);
        assertThat(pipeline.offer(sixSpans)).isEqualTo(Admission.TOO_LARGE);
        assertThat(pipeline.tooLargeMessage(sixSpans))
                .isEqualTo("the request holds 6 spans, more than the whole queue ([queue] max_items = 5)");
    }

    @Test
    void dropsOnlyThePoisonRequestOfABatchTheUpstreamRefuses() {
        String poison = "poison";
        upstream.answerWith((request, items) -> new String(request, StandardCharsets.ISO_8859_1).contains(poison)
                ? Delivery.rejected(items, "invalid_argument", "bad trace id") : Delivery.success(items));
        pipeline = started(performance(100, Duration.ofMillis(200), 1000, false), queue(100_000, 64 << 20));

        for (int i = 0; i < 10; i++) {
            pipeline.offer(traces(i == 6 ? poison : "good-" + i, 10));
        }

        PollingAwait.until("the condition", () -> metrics.scrape().contains("otlp_exported_items_total{signal=\"traces\"} 90.0"));
        PollingAwait.until("the condition", () -> metrics.scrape().contains("otlp_dropped_items_total{reason=\"rejected\",signal=\"traces\"} 10.0"));
        PollingAwait.until("the condition", () -> pipeline.notReadyReasons().isEmpty() && upstream.sent.stream()
                .noneMatch(sent -> !sent.answer().isDone()));
    }

    @Test
    void givesUpABatchOnlyAtMaxAgeAfterItsOldestRequestCountingItExpired() throws Exception {
        upstream.answerWith(items -> Delivery.expired(items, "upstream unavailable"));
        QueueConfig expiring = new QueueConfig(10_000, 1 << 20, 0.9, Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
                PersistenceConfig.off());
        pipeline = started(performance(100, Duration.ofMillis(200), 1000, false), expiring);
        Payload older = traces("a", 2);
        Payload newer = new Payload(Signal.TRACES, traces("b", 3).bytes(), 3, older.receivedAtMillis() + 1000);

        pipeline.offer(newer);
        pipeline.offer(older);

        PollingAwait.until("the condition", () -> metrics.scrape().contains("otlp_dropped_items_total{reason=\"expired\",signal=\"traces\"} 5.0"));
        assertThat(upstream.sent).singleElement().extracting(RecordingUpstream.Sent::expiresAtMillis)
                .isEqualTo(older.receivedAtMillis() + Duration.ofMinutes(5).toMillis());
        assertThat(pipeline.drain(Duration.ofSeconds(5))).as("the expired batch no longer held").isTrue();
    }

    @Test
    void holdsABatchForAsLongAsItTakesWithoutMaxAge() {
        pipeline = started(performance(1, Duration.ofMillis(1), 10, false), queue(10_000, 1 << 20));

        pipeline.offer(traces("a", 1));

        PollingAwait.until("the condition", () -> upstream.sent.size() == 1);
        assertThat(upstream.sent.get(0).expiresAtMillis()).isEqualTo(Upstream.NEVER_EXPIRES);
    }

    private Pipeline started(PerformanceConfig performance, QueueConfig queue) {
        return started(performance, queue, UpstreamConfig.DEFAULT_MAX_EXPORT_SIZE);
    }

    private Pipeline started(PerformanceConfig performance, QueueConfig queue, long maxExportSize) {
        Pipeline started = new Pipeline(performance, queue, maxExportSize, new MemoryQueue(queue.maxItems(), queue.maxBytes()),
                upstream, metrics);
        started.start();
        return started;
    }

    static PerformanceConfig performance(int batchSize, Duration timeout, int maxBatchSize, boolean adaptive) {
        PerformanceConfig p = Profile.BALANCED.performance();
        return new PerformanceConfig(p.profile(), true, batchSize, timeout, maxBatchSize, adaptive,
                p.enableCompression(), p.compressionAlgorithm(), p.compressionLevel(), p.minCompressionSize(),
                p.enableConnectionPool(), p.maxConnections(), p.minConnections(), p.connectionTimeout(),
                p.idleTimeout(), p.maxLifetime());
    }

    private static PerformanceConfig withBatching(PerformanceConfig p, boolean enabled) {
        return new PerformanceConfig(p.profile(), enabled, p.batchSize(), p.batchTimeout(), p.maxBatchSize(),
                p.enableAdaptiveBatching(), p.enableCompression(), p.compressionAlgorithm(), p.compressionLevel(),
                p.minCompressionSize(), p.enableConnectionPool(), p.maxConnections(), p.minConnections(),
                p.connectionTimeout(), p.idleTimeout(), p.maxLifetime());
    }

    private static QueueConfig queue(int items, long bytes) {
        return new QueueConfig(items, bytes, 0.9, Duration.ofSeconds(5));
    }

    static Payload traces(String service, int spans) {
        return traces(service, spans, "span-");
    }

    static Payload traces(String service, int spans, String namePrefix) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < spans; i++) {
            scope.addSpans(Span.newBuilder().setName(namePrefix + i)
                    .setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8])));
        }
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue(service))))
                        .addScopeSpans(scope))
                .build();
        return new Payload(Signal.TRACES, request.toByteArray(), spans);
    }
}
