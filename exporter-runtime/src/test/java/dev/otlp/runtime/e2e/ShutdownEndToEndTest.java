package dev.otlp.runtime.e2e;

import dev.otlp.runtime.otlp.SampleRequests;
import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.TestUpstream;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The SIGTERM path: stop being ready, refuse new data, deliver what is held, count what cannot be. */
class ShutdownEndToEndTest {

    private static final String HOLDS_DATA_UNTIL_SHUTDOWN = """
            [otlp]
            endpoint = "%s"
            timeout = "60s"

            [performance]
            batch_size = 1000
            max_batch_size = 2000
            batch_timeout = "1h"

            [queue]
            drain_timeout = "%s"
            """;

    @Test
    void deliversWhatItHoldsBeforeStopping() throws Exception {
        try (TestUpstream upstream = TestUpstream.start()) {
            RunningRuntime runtime = RunningRuntime.start(HOLDS_DATA_UNTIL_SHUTDOWN.formatted(upstream.grpcEndpoint(), "20s"));
            int sent = 0;
            for (int i = 0; i < 5; i++) {
                ExportTraceServiceRequest request = SampleRequests.traces(new Random(i), 2);
                assertThat(runtime.post("/v1/traces", request.toByteArray()).statusCode()).isEqualTo(200);
                sent += SampleRequests.spans(request);
            }
            assertThat(upstream.receivedSpans()).as("held by the one-hour batch timeout").isZero();

            assertThat(runtime.shutdown()).as("items never delivered").isZero();

            assertThat(upstream.receivedSpans()).isEqualTo(sent);
        }
    }

    @Test
    void turnsUnreadyButKeepsTakingDataForTheShutdownDelayThenRefusesItRetryably() throws Exception {
        try (TestUpstream upstream = TestUpstream.start()) {
            RunningRuntime runtime = RunningRuntime.start(HOLDS_DATA_UNTIL_SHUTDOWN.formatted(upstream.grpcEndpoint(), "20s"),
                    Map.of(RunningRuntime.SHUTDOWN_DELAY_VARIABLE, "3s"));
            upstream.stall();
            CompletableFuture<Long> shutdown = CompletableFuture.supplyAsync(() -> {
                try {
                    return runtime.shutdown();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            PollingAwait.until("not ready once SIGTERM arrived", () -> runtime.ready().statusCode() == 503);
            assertThat(runtime.ready().body()).contains("shutting down").doesNotContain("draining for shutdown");
            ExportTraceServiceRequest stillSent = SampleRequests.traces(new Random(3), 2);
            HttpResponse<String> taken = runtime.post("/v1/traces", stillSent.toByteArray());
            assertThat(taken.statusCode()).as("a client the Service has not moved yet").isEqualTo(200);
            assertThat(taken.headers().firstValue("Connection")).as("its next request opens a connection elsewhere")
                    .hasValue("close");

            PollingAwait.until("refusing once the delay passed", () -> runtime.ready().body().contains("draining for shutdown"));
            HttpResponse<String> late = runtime.post("/v1/traces", SampleRequests.traces(new Random(4), 1).toByteArray());
            assertThat(late.statusCode()).isEqualTo(503);
            assertThat(late.headers().firstValue("Retry-After")).isPresent();
            upstream.release();

            assertThat(shutdown.get(30, TimeUnit.SECONDS)).as("items never delivered").isZero();
            assertThat(upstream.receivedSpans()).isEqualTo(SampleRequests.spans(stillSent));
        }
    }

    @Test
    void stopsBeingReadyAndRefusesNewDataWhileDrainingThenCountsWhatCouldNotBeSent() throws Exception {
        try (TestUpstream upstream = TestUpstream.start()) {
            upstream.stall();
            RunningRuntime runtime = RunningRuntime.start(HOLDS_DATA_UNTIL_SHUTDOWN.formatted(upstream.grpcEndpoint(), "2s"));
            ExportTraceServiceRequest held = SampleRequests.traces(new Random(1), 3);
            assertThat(runtime.post("/v1/traces", held.toByteArray()).statusCode()).isEqualTo(200);
            assertThat(runtime.ready().statusCode()).isEqualTo(200);

            CompletableFuture<Long> shutdown = CompletableFuture.supplyAsync(() -> {
                try {
                    return runtime.shutdown();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            PollingAwait.until("not ready while draining", () -> runtime.ready().statusCode() == 503);
            assertThat(runtime.ready().body()).contains("draining for shutdown");
            HttpResponse<String> late = runtime.post("/v1/traces", SampleRequests.traces(new Random(2), 1).toByteArray());
            assertThat(late.statusCode()).isEqualTo(503);
            assertThat(late.headers().firstValue("Retry-After")).isPresent();

            assertThat(shutdown.get(30, TimeUnit.SECONDS)).isEqualTo(SampleRequests.spans(held));
            assertThat(runtime.metrics()).contains("otlp_dropped_items_total{reason=\"shutdown\",signal=\"traces\"} "
                    + SampleRequests.spans(held) + ".0");
            upstream.release();
        }
    }
}
