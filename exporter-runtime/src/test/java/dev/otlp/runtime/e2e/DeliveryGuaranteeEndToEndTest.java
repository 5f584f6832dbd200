package dev.otlp.runtime.e2e;

import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.Reaction;
import dev.otlp.runtime.testing.TestUpstream;
import io.grpc.Status;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime's promise, counted span by span: once it acknowledges an item, the item reaches the
 * upstream, unless the upstream refuses that item's own data. Every test runs the runtime with
 * the default (balanced) configuration, changing only what it says.
 */
class DeliveryGuaranteeEndToEndTest {

    private static final String DEFAULTS_TO = """
            [otlp]
            endpoint = "%s"
            """;
    /** With the default 30 s capped retry delay, delivery resumes within 30 s of the upstream's return, and then drains. */
    private static final Duration RECOVERY = Duration.ofSeconds(90);

    enum Outage {
        /** Every export answered UNAVAILABLE: a collector shedding load or restarting behind a proxy. */
        UNAVAILABLE,
        /** Every export's connection reset before an answer. */
        RESET,
        /** Every export answered RESOURCE_EXHAUSTED with a RetryInfo of 1 s. */
        THROTTLING,
        /** Every connection reset as soon as it is made: a collector that is gone, then back. */
        GONE
    }

    @ParameterizedTest(name = "{0} for {1} s")
    @CsvSource({"UNAVAILABLE, 5", "RESET, 5", "THROTTLING, 5", "GONE, 30", "THROTTLING, 30", "UNAVAILABLE, 120"})
    void deliversEveryAcknowledgedSpanThroughAnOutage(Outage outage, int seconds) throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
             RunningRuntime runtime = RunningRuntime.start(DEFAULTS_TO.formatted(upstream.grpcEndpoint()));
             SpanIdClient client = new SpanIdClient("127.0.0.1", runtime.runtime().grpcPort())) {
            client.startSending(20, 2, false);
            Thread.sleep(1000);

            switch (outage) {
                case UNAVAILABLE -> upstream.answerAlways(new Reaction.Fail(Status.Code.UNAVAILABLE));
                case RESET -> upstream.answerAlways(Reaction.RESET);
                case THROTTLING -> upstream.answerAlways(new Reaction.Throttle(Duration.ofSeconds(1)));
                case GONE -> upstream.goAway();
            }
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
            upstream.acceptAll();
            upstream.comeBack();
            Thread.sleep(1000);
            client.stop();

            PollingAwait.until("every acknowledged span at the upstream", RECOVERY, () -> client.allDeliveredTo(upstream));
            List<Long> delivered = upstream.acceptedSpanIds();
            int duplicates = delivered.size() - new HashSet<>(delivered).size();
            System.out.printf("%s %d s: %d spans acknowledged, %d delivered, %d duplicates, %d refusals%n", outage,
                    seconds, client.acknowledged().size(), delivered.size(), duplicates, client.refusals());
            assertThat(client.acknowledged()).hasSizeGreaterThan(1000);
            assertThat(duplicates).as("spans delivered twice").isLessThan(client.acknowledged().size() / 20);
            assertThat(runtime.metrics()).doesNotContainPattern("otlp_dropped_items_total\\{[^}]*} [1-9]");
        }
    }

    @ParameterizedTest(name = "{0} MB")
    @ValueSource(ints = {7, 20})
    void splitsLargeRequestsIntoExportsUnderMaxExportSizeAndDeliversEverySpan(int megabytes) throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
             RunningRuntime runtime = RunningRuntime.start(DEFAULTS_TO.formatted(upstream.grpcEndpoint()),
                     Map.of("RECEIVER_MAX_REQUEST_SIZE", "32MiB"));
             SpanIdClient client = new SpanIdClient("127.0.0.1", runtime.runtime().grpcPort())) {
            ExportTraceServiceRequest request = SpanIdClient.request("large", megabytes * 2_000, 16, "p".repeat(450));
            assertThat(request.getSerializedSize()).isBetween((megabytes - 1) << 20, (megabytes + 2) << 20);

            assertThat(client.sendOnce(request).getCode()).isEqualTo(Status.Code.OK);

            PollingAwait.until("every span of the large request at the upstream",
                    () -> client.allDeliveredTo(upstream));
            assertThat(upstream.received()).hasSizeGreaterThan(1)
                    .allSatisfy(r -> assertThat(r.body().length).isLessThanOrEqualTo(4 << 20));
        }
    }

    @Test
    void cutsManySmallRequestsThatMergePastTheLimitIntoExportsUnderIt() throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
             RunningRuntime runtime = RunningRuntime.start(DEFAULTS_TO.formatted(upstream.grpcEndpoint()) + """
                     max_export_size = "64KiB"

                     [performance]
                     batch_size = 1000
                     max_batch_size = 2000
                     batch_timeout = "200ms"
                     """);
             SpanIdClient client = new SpanIdClient("127.0.0.1", runtime.runtime().grpcPort())) {
            for (int i = 0; i < 100; i++) {
                client.sendUntilAcknowledged(SpanIdClient.request("small-" + i, 10, 16));
            }

            PollingAwait.until("every span at the upstream", () -> client.allDeliveredTo(upstream));
            assertThat(upstream.received()).allSatisfy(r -> assertThat(r.body().length).isLessThanOrEqualTo(64 << 10));
        }
    }

    @Test
    void refusesARequestHoldingOneSpanLargerThanMaxExportSizeAsNotRetryable() throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
             RunningRuntime runtime = RunningRuntime.start(DEFAULTS_TO.formatted(upstream.grpcEndpoint()) + """
                     max_export_size = "16KiB"
                     """);
             SpanIdClient client = new SpanIdClient("127.0.0.1", runtime.runtime().grpcPort())) {
            ExportTraceServiceRequest.Builder builder = SpanIdClient.request("huge", 1, 16).toBuilder();
            builder.getResourceSpansBuilder(0).getScopeSpansBuilder(0).getSpansBuilder(0).setName("x".repeat(20_000));
            ExportTraceServiceRequest oneHugeSpan = builder.build();

            Status status = client.sendOnce(oneHugeSpan);

            assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(status.getDescription()).contains("larger than [otlp] max_export_size = 16 KiB");
            assertThat(runtime.metrics()).contains("otlp_refused_items_total{reason=\"too_large\",signal=\"traces\"} 1.0");
            assertThat(upstream.received()).isEmpty();
        }
    }

    @Test
    void dropsOnlyThePoisonRequestMergedWithGoodRequestsFromOtherClients() throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
             RunningRuntime runtime = RunningRuntime.start(DEFAULTS_TO.formatted(upstream.grpcEndpoint()) + """

                     [performance]
                     batch_size = 400
                     batch_timeout = "500ms"
                     enable_adaptive_batching = false
                     """);
             SpanIdClient good = new SpanIdClient("127.0.0.1", runtime.runtime().grpcPort());
             SpanIdClient poisoner = new SpanIdClient("127.0.0.1", runtime.runtime().grpcPort())) {
            upstream.rejectService("poison");
            ExportTraceServiceRequest poison = SpanIdClient.request("poison", 5, 16);
            assertThat(poisoner.sendOnce(poison).getCode()).as("the runtime cannot tell what the upstream refuses")
                    .isEqualTo(Status.Code.OK);
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                sent.add(clients.submit(() -> {
                    good.sendUntilAcknowledged(SpanIdClient.request("good-" + n, 25, 16));
                    return null;
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
            clients.shutdown();

            PollingAwait.until("every good span at the upstream", () -> good.allDeliveredTo(upstream));
            PollingAwait.until("the poison request dropped",
                    () -> runtime.metrics().contains("otlp_dropped_items_total{reason=\"rejected\",signal=\"traces\"} 5.0"));
            assertThat(poisoner.missingFrom(upstream.acceptedSpanIds())).hasSize(5);
            assertThat(upstream.received()).as("the poison arrived merged with good requests before it was isolated")
                    .anySatisfy(r -> assertThat(services((ExportTraceServiceRequest) r.request()))
                            .contains("poison").hasSizeGreaterThan(1));
        }
    }

    private static List<String> services(ExportTraceServiceRequest request) {
        return request.getResourceSpansList().stream()
                .map(r -> r.getResource().getAttributes(0).getValue().getStringValue()).toList();
    }
}
