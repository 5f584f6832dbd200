package dev.otlp.runtime.export;

import dev.otlp.runtime.config.UpstreamConfig.Protocol;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import dev.otlp.runtime.testing.Closer;
import dev.otlp.runtime.testing.ReceivedRequest;
import dev.otlp.runtime.testing.TestUpstream;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class RetryingUpstreamTest {

    @RegisterExtension
    final Closer closer = new Closer();
    private final TestUpstream server = closer.add(TestUpstream.start());
    private final RuntimeMetrics metrics = new RuntimeMetrics();

    private Upstream upstream(Protocol protocol, java.util.function.Consumer<TestConfig> tuning) {
        TestConfig config = TestConfig.sendingTo(server, protocol);
        tuning.accept(config);
        return closer.add(UpstreamFactory.create(config.build(), metrics));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void retriesAnUnavailableUpstreamAndDeliversOnce(Protocol protocol) {
        server.failNext(2, Status.Code.UNAVAILABLE);
        byte[] batch = Batches.traces(100);

        Delivery delivery = upstream(protocol, c -> { }).send(Signal.TRACES, batch, 100).join();

        assertThat(delivery).isEqualTo(Delivery.success(100));
        assertThat(server.received()).hasSize(3).allSatisfy(r -> assertThat(r.body()).isEqualTo(batch));
        String reason = protocol == Protocol.GRPC ? "unavailable" : "http_503";
        assertThat(metrics.scrape())
                .contains("otlp_export_retries_total{signal=\"traces\"} 2.0")
                .contains("otlp_export_failures_total{reason=\"" + reason + "\",signal=\"traces\"} 2.0");
    }

    @Test
    void waitsAsLongAsTheGrpcServerAsksWhenThrottled() {
        Duration hint = Duration.ofMillis(700);
        server.throttleNext(1, hint);

        Delivery delivery = upstream(Protocol.GRPC, c -> c.retryDelay = Duration.ofMillis(1)).send(Signal.TRACES, Batches.traces(5), 5).join();

        assertThat(delivery.fullySucceeded()).isTrue();
        List<ReceivedRequest> attempts = server.received();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(1).receivedAtNanos() - attempts.get(0).receivedAtNanos()).isGreaterThanOrEqualTo(hint.toNanos());
    }

    @Test
    void honoursRetryAfterOfAnHttp429() {
        server.throttleNext(1, Duration.ofSeconds(1));

        Delivery delivery = upstream(Protocol.HTTP, c -> c.retryDelay = Duration.ofMillis(1)).send(Signal.TRACES, Batches.traces(5), 5).join();

        assertThat(delivery.fullySucceeded()).isTrue();
        List<ReceivedRequest> attempts = server.received();
        assertThat(attempts.get(1).receivedAtNanos() - attempts.get(0).receivedAtNanos())
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void rejectsAnInvalidBatchWithoutRetrying(Protocol protocol) {
        server.failNext(1, Status.Code.INVALID_ARGUMENT);

        Delivery delivery = upstream(protocol, c -> { }).send(Signal.TRACES, Batches.traces(7), 7).join();

        assertThat(delivery.delivered()).isZero();
        assertThat(delivery.rejected()).isEqualTo(7);
        assertThat(delivery.failureReason()).isEqualTo(protocol == Protocol.GRPC ? "invalid_argument" : "http_400");
        assertThat(delivery.message()).contains("test upstream fails on purpose");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void doesNotRetryResourceExhaustedWithoutRetryInfo() {
        server.failNext(1, Status.Code.RESOURCE_EXHAUSTED);

        Delivery delivery = upstream(Protocol.GRPC, c -> { }).send(Signal.TRACES, Batches.traces(7), 7).join();

        assertThat(delivery.failureReason()).isEqualTo("resource_exhausted");
        assertThat(server.received()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void countsItemsRefusedInAPartialSuccess(Protocol protocol) {
        server.partialSuccessNext(1, 3, "3 spans too old");

        Delivery delivery = upstream(protocol, c -> { }).send(Signal.TRACES, Batches.traces(10), 10).join();

        assertThat(delivery).isEqualTo(new Delivery(7, 3, "partial_success", "3 spans too old"));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void failsTheBatchOnceRetriesAreExhausted(Protocol protocol) {
        server.failAlways(Status.Code.UNAVAILABLE);

        Delivery delivery = upstream(protocol, c -> c.retryAttempts = 2).send(Signal.TRACES, Batches.traces(4), 4).join();

        assertThat(delivery.rejected()).isEqualTo(4);
        assertThat(delivery.failureReason()).isEqualTo(protocol == Protocol.GRPC ? "unavailable" : "http_503");
        assertThat(server.received()).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void retriesWhenTheServerStallsPastTheDeadline(Protocol protocol) {
        server.stallNext(1);

        Delivery delivery = upstream(protocol, c -> c.timeout = Duration.ofMillis(500)).send(Signal.TRACES, Batches.traces(4), 4).join();

        assertThat(delivery.fullySucceeded()).isTrue();
        assertThat(server.received()).hasSize(2);
        String reason = protocol == Protocol.GRPC ? "deadline_exceeded" : "timeout";
        assertThat(metrics.scrape()).contains("otlp_export_failures_total{reason=\"" + reason + "\",signal=\"traces\"} 1.0");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void retriesAfterTheConnectionIsReset(Protocol protocol) {
        server.resetNext(1);

        Delivery delivery = upstream(protocol, c -> { }).send(Signal.TRACES, Batches.traces(4), 4).join();

        assertThat(delivery.fullySucceeded()).isTrue();
        assertThat(server.received()).hasSize(2);
    }

    @Test
    void closingFailsBatchesWaitingForARetry() {
        server.failAlways(Status.Code.UNAVAILABLE);
        Upstream upstream = upstream(Protocol.GRPC, c -> {
            c.retryDelay = Duration.ofMinutes(1);
            c.maxRetryDelay = Duration.ofMinutes(1);
        });
        CompletableFuture<Delivery> pending = upstream.send(Signal.TRACES, Batches.traces(4), 4);
        server.await(1);

        upstream.close();

        assertThat(pending.join()).isEqualTo(Delivery.failed(4, "shutdown", "the upstream was closed before the batch was delivered"));
    }

    @Test
    void reportsAnUnreachableUpstreamAsAConnectionFailure() {
        server.close();
        String endpoint = server.httpEndpoint();
        TestConfig config = new TestConfig(endpoint, Protocol.HTTP);
        config.retryAttempts = 1;
        Upstream upstream = closer.add(UpstreamFactory.create(config.build(), metrics));

        Delivery delivery = upstream.send(Signal.TRACES, Batches.traces(4), 4).join();

        assertThat(delivery.failureReason()).isEqualTo("connect");
        assertThat(delivery.message()).contains("cannot connect to " + endpoint);
    }
}
