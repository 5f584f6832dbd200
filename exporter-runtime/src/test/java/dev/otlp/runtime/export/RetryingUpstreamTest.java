package dev.otlp.runtime.export;

import dev.otlp.runtime.reload.CredentialWatcher;
import dev.otlp.runtime.config.UpstreamConfig.Protocol;
import dev.otlp.runtime.export.Delivery.Outcome;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import dev.otlp.runtime.testing.Closer;
import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.ReceivedRequest;
import dev.otlp.runtime.testing.TestUpstream;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class RetryingUpstreamTest {

    @RegisterExtension
    final Closer closer = new Closer();
    private final TestUpstream server = closer.add(TestUpstream.start());
    private final RuntimeMetrics metrics = new RuntimeMetrics();
    private final UpstreamHealth health = new UpstreamHealth(metrics);

    private Upstream upstream(Protocol protocol, Consumer<TestConfig> tuning) {
        TestConfig config = TestConfig.sendingTo(server, protocol);
        tuning.accept(config);
        return closer.add(UpstreamFactory.create(config.build(), metrics, health, new CredentialWatcher(metrics)));
    }

    private static CompletableFuture<Delivery> send(Upstream upstream, int spans) {
        return upstream.send(Signal.TRACES, Batches.traces(spans), spans, Upstream.NEVER_EXPIRES);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void retriesAnUnavailableUpstreamAndDeliversOnce(Protocol protocol) {
        server.failNext(2, Status.Code.UNAVAILABLE);
        byte[] batch = Batches.traces(100);

        Delivery delivery = upstream(protocol, c -> { }).send(Signal.TRACES, batch, 100, Upstream.NEVER_EXPIRES).join();

        assertThat(delivery).isEqualTo(Delivery.success(100));
        assertThat(server.received()).hasSize(3).allSatisfy(r -> assertThat(r.body()).isEqualTo(batch));
        String reason = protocol == Protocol.GRPC ? "unavailable" : "http_503";
        assertThat(metrics.scrape())
                .contains("otlp_export_retries_total{signal=\"traces\"} 2.0")
                .contains("otlp_export_failures_total{reason=\"" + reason + "\",signal=\"traces\"} 2.0");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void keepsRetryingAtTheCappedDelayAfterTheQuickRetries(Protocol protocol) {
        server.failNext(8, Status.Code.UNAVAILABLE);

        Delivery delivery = send(upstream(protocol, c -> {
            c.retryAttempts = 2;
            c.retryDelay = Duration.ofMillis(5);
            c.maxRetryDelay = Duration.ofMillis(40);
        }), 6).join();

        assertThat(delivery).isEqualTo(Delivery.success(6));
        assertThat(server.received()).hasSize(9);
        assertThat(metrics.scrape()).contains("otlp_export_retries_total{signal=\"traces\"} 8.0");
    }

    @Test
    void waitsAsLongAsTheGrpcServerAsksWhenThrottled() {
        Duration hint = Duration.ofMillis(700);
        server.throttleNext(1, hint);

        Delivery delivery = send(upstream(Protocol.GRPC, c -> c.retryDelay = Duration.ofMillis(1)), 5).join();

        assertThat(delivery).isEqualTo(Delivery.success(5));
        List<ReceivedRequest> attempts = server.received();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(1).receivedAtNanos() - attempts.get(0).receivedAtNanos()).isGreaterThanOrEqualTo(hint.toNanos());
    }

    @Test
    void honoursRetryAfterOfAnHttp429() {
        server.throttleNext(1, Duration.ofSeconds(1));

        Delivery delivery = send(upstream(Protocol.HTTP, c -> c.retryDelay = Duration.ofMillis(1)), 5).join();

        assertThat(delivery).isEqualTo(Delivery.success(5));
        List<ReceivedRequest> attempts = server.received();
        assertThat(attempts.get(1).receivedAtNanos() - attempts.get(0).receivedAtNanos())
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void rejectsAnInvalidBatchWithoutRetrying(Protocol protocol) {
        server.failNext(1, Status.Code.INVALID_ARGUMENT);

        Delivery delivery = send(upstream(protocol, c -> { }), 7).join();

        assertThat(delivery.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(delivery.rejected()).isEqualTo(7);
        assertThat(delivery.reason()).isEqualTo(protocol == Protocol.GRPC ? "invalid_argument" : "http_400");
        assertThat(delivery.message()).contains("test upstream fails on purpose");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void rejectsResourceExhaustedWithoutRetryInfoAsTooMuchData() {
        server.failNext(1, Status.Code.RESOURCE_EXHAUSTED);

        Delivery delivery = send(upstream(Protocol.GRPC, c -> { }), 7).join();

        assertThat(delivery.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(delivery.reason()).isEqualTo("resource_exhausted");
        assertThat(server.received()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void countsItemsRefusedInAPartialSuccess(Protocol protocol) {
        server.partialSuccessNext(1, 3, "3 spans too old");

        Delivery delivery = send(upstream(protocol, c -> { }), 10).join();

        assertThat(delivery).isEqualTo(Delivery.partial(10, 3, "3 spans too old"));
    }

    @ParameterizedTest
    @CsvSource({
            "GRPC, UNAUTHENTICATED, unauthenticated", "HTTP, UNAUTHENTICATED, unauthenticated",
            "GRPC, PERMISSION_DENIED, permission_denied", "HTTP, PERMISSION_DENIED, permission_denied",
            "GRPC, NOT_FOUND, not_found", "HTTP, NOT_FOUND, not_found",
            "GRPC, UNIMPLEMENTED, unimplemented", "HTTP, UNIMPLEMENTED, unimplemented"})
    void holdsTheBatchWhileTheUpstreamRefusesThisRuntimeAndSaysWhy(Protocol protocol, Status.Code code, String reason) {
        server.failAlways(code);
        Upstream upstream = upstream(protocol, c -> {
            c.retryDelay = Duration.ofMillis(5);
            c.maxRetryDelay = Duration.ofMillis(20);
        });

        CompletableFuture<Delivery> delivery = send(upstream, 4);
        server.await(3);

        assertThat(delivery).isNotDone();
        assertThat(metrics.scrape()).contains("otlp_export_blocked{reason=\"" + reason + "\"} 1.0");
        assertThat(health.notReadyReasons()).singleElement().asString()
                .contains("upstream refuses exports (" + reason + ")").contains("test upstream fails on purpose");

        server.acceptAll();

        assertThat(delivery.join()).isEqualTo(Delivery.success(4));
        assertThat(metrics.scrape()).contains("otlp_export_blocked{reason=\"" + reason + "\"} 0.0");
        assertThat(health.notReadyReasons()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void reportsTheUpstreamUnreachableWhileItRefusesTheKey(Protocol protocol) {
        server.requireHeader("x-api-key", "right-key");
        Upstream upstream = upstream(protocol, c -> {
            c.headers.put("x-api-key", "wrong-key");
            c.retryDelay = Duration.ofMillis(5);
            c.maxRetryDelay = Duration.ofMillis(20);
        });
        assertThat(metrics.scrape()).contains("otlp_upstream_reachable 1.0");

        CompletableFuture<Delivery> delivery = send(upstream, 4);
        server.await(3);

        assertThat(delivery).isNotDone();
        assertThat(metrics.scrape()).contains("otlp_export_blocked{reason=\"unauthenticated\"} 1.0", "otlp_upstream_reachable 0.0");

        server.requireHeader("x-api-key", "wrong-key");

        assertThat(delivery.join()).isEqualTo(Delivery.success(4));
        assertThat(metrics.scrape()).contains("otlp_upstream_reachable 1.0");
    }

    @Test
    void reconnectsAtOnceWhenAGoneUpstreamIsBackInsteadOfWaitingOutGrpcsBackOff() throws Exception {
        Upstream upstream = upstream(Protocol.GRPC, c -> {
            c.retryDelay = Duration.ofMillis(100);
            c.maxRetryDelay = Duration.ofMillis(200);
        });
        assertThat(send(upstream, 1).join()).isEqualTo(Delivery.success(1));
        server.goAway();
        CompletableFuture<Delivery> held = send(upstream, 4);
        // long enough for gRPC's own reconnect back-off to have grown past a second
        Thread.sleep(4000);
        double failedBefore = failedAttempts();

        server.comeBack();

        assertThat(held.join()).isEqualTo(Delivery.success(4));
        assertThat(failedAttempts() - failedBefore).as("attempts that failed after the upstream came back")
                .isLessThanOrEqualTo(1);
    }

    @Test
    void sendsABatchWaitingOutItsBackOffAsSoonAsAnotherGetsThrough() throws Exception {
        server.failNext(1, Status.Code.UNAVAILABLE);
        Upstream upstream = upstream(Protocol.GRPC, c -> {
            c.retryAttempts = 0;
            c.retryDelay = Duration.ofMinutes(1);
            c.maxRetryDelay = Duration.ofMinutes(1);
        });
        CompletableFuture<Delivery> waiting = send(upstream, 3);
        while (metrics.registry().find("otlp.export.retries").tag("signal", "traces").counter().count() < 1) {
            Thread.sleep(10);
        }
        Thread.sleep(100);

        assertThat(send(upstream, 2).join()).isEqualTo(Delivery.success(2));

        assertThat(waiting.orTimeout(20, TimeUnit.SECONDS).join()).as("sent again, not after its one-minute back-off")
                .isEqualTo(Delivery.success(3));
    }

    private double failedAttempts() {
        return metrics.registry().find("otlp.export.failures").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void dropsABatchOnlyAfterMaxAgeAsExpired() {
        server.failAlways(Status.Code.UNAVAILABLE);
        Upstream upstream = upstream(Protocol.GRPC, c -> c.maxRetryDelay = Duration.ofMillis(50));

        Delivery delivery = upstream.send(Signal.TRACES, Batches.traces(4), 4, System.currentTimeMillis() + 500).join();

        assertThat(delivery.outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(delivery.rejected()).isEqualTo(4);
        assertThat(delivery.message()).contains("test upstream fails on purpose");
        assertThat(server.received().size()).isGreaterThan(3);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void retriesWhenTheServerStallsPastTheDeadline(Protocol protocol) {
        server.stallNext(1);

        Delivery delivery = send(upstream(protocol, c -> c.timeout = Duration.ofMillis(500)), 4).join();

        assertThat(delivery).isEqualTo(Delivery.success(4));
        assertThat(server.received()).hasSize(2);
        String reason = protocol == Protocol.GRPC ? "deadline_exceeded" : "timeout";
        assertThat(metrics.scrape()).contains("otlp_export_failures_total{reason=\"" + reason + "\",signal=\"traces\"} 1.0");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void retriesAfterTheConnectionIsReset(Protocol protocol) {
        server.resetNext(1);

        Delivery delivery = send(upstream(protocol, c -> { }), 4).join();

        assertThat(delivery).isEqualTo(Delivery.success(4));
        assertThat(server.received()).hasSize(2);
    }

    @Test
    void closingEndsBatchesWaitingForARetryAsUnsent() {
        server.failAlways(Status.Code.UNAVAILABLE);
        Upstream upstream = upstream(Protocol.GRPC, c -> {
            c.retryDelay = Duration.ofMinutes(1);
            c.maxRetryDelay = Duration.ofMinutes(1);
        });
        CompletableFuture<Delivery> pending = send(upstream, 4);
        server.await(1);

        upstream.close();

        assertThat(pending.join()).isEqualTo(Delivery.unsent(4));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void closingLetsAnAttemptOnTheWireFinishSoThatADeliveredBatchIsNotCountedLost(Protocol protocol) throws Exception {
        server.stallNext(1);
        Upstream upstream = upstream(protocol, c -> { });
        CompletableFuture<Delivery> pending = send(upstream, 4);
        server.await(1);

        Thread closing = new Thread(upstream::close);
        closing.start();
        PollingAwait.until("close waits for the attempt on the wire, or has returned",
                () -> closing.getState() == Thread.State.TIMED_WAITING || closing.getState() == Thread.State.TERMINATED);
        server.release();
        closing.join();

        assertThat(pending.join()).isEqualTo(Delivery.success(4));
    }

    @Test
    void reportsAnUnreachableUpstreamAsAConnectionFailure() {
        server.close();
        String endpoint = server.httpEndpoint();
        TestConfig config = new TestConfig(endpoint, Protocol.HTTP);
        Upstream upstream = closer.add(UpstreamFactory.create(config.build(), metrics, health, new CredentialWatcher(metrics)));

        Delivery delivery = upstream.send(Signal.TRACES, Batches.traces(4), 4, System.currentTimeMillis() + 300).join();

        assertThat(delivery.outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(delivery.message()).contains("cannot connect to " + endpoint);
        assertThat(health.snapshot()).containsEntry("state", "unreachable").containsEntry("reason", "connect");
        assertThat(metrics.scrape()).contains("otlp_upstream_reachable 0.0");
    }
}
