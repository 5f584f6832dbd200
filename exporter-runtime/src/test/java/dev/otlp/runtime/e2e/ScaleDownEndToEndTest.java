package dev.otlp.runtime.e2e;

import dev.otlp.process.RetainedQueue;
import dev.otlp.runtime.config.ConfigLoadResult;
import dev.otlp.runtime.config.ConfigLoader;
import dev.otlp.runtime.config.QueueConfig;
import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.Reaction;
import dev.otlp.runtime.testing.TestUpstream;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pod scaled down: SIGTERM, and SIGKILL once the grace period the operator computes has passed
 * ({@code shutdown_delay + drain_timeout + 10 s}, the drain timeout sized by {@code DrainTime} from the queue's
 * bounds). A memory queue delivers everything it acknowledged before that; a persistent queue whose upstream is
 * down exits with its data on disk, says how many bytes wait there, and a new process on the same directory (the
 * replica scaled up again) delivers every id.
 */
class ScaleDownEndToEndTest {

    /** The operator's margin after the drain (render/Deployments). */
    private static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(10);
    private static final int SPANS_PER_REQUEST = 500;

    @TempDir
    Path dir;

    @Test
    void aFullMemoryQueueBehindASlowUpstreamIsDeliveredWithinTheComputedGracePeriod() throws Exception {
        Ports ports = Ports.free();
        try (TestUpstream upstream = TestUpstream.start();
             SpanIdClient client = new SpanIdClient()) {
            String toml = """
                    [otlp]
                    endpoint = "%s"
                    timeout = "5s"
                    retry_delay = "100ms"
                    max_retry_delay = "1s"

                    [queue]
                    max_items = 20000
                    max_bytes = "16MiB"
                    """.formatted(upstream.grpcEndpoint());
            Duration grace = gracePeriod(toml);
            Path config = Files.writeString(dir.resolve("runtime.toml"), toml + "\n" + ports.toml());
            Path terminationLog = Files.createFile(dir.resolve("termination-log"));
            client.connect(ports.grpc());

            try (RuntimeProcess runtime = RuntimeProcess.start(dir, Map.of(), "--config", config.toString(),
                    "--termination-message-file", terminationLog.toString())) {
                runtime.awaitOutput("otlp exporter runtime ready");
                upstream.stall();
                int full = fillUntilRefused(client);
                upstream.release();
                upstream.answerAlways(new Reaction.Slow(Duration.ofMillis(300)));

                long start = System.nanoTime();
                assertThat(runtime.stopWithin(grace)).as("exit code within the grace period of %s", grace).isZero();

                System.out.printf("memory queue: %d spans acknowledged (queue full after %d requests), SIGTERM to exit"
                                + " %d ms, grace %s%n", client.acknowledged().size(), full,
                        Duration.ofNanos(System.nanoTime() - start).toMillis(), grace);
                assertThat(client.missingFrom(upstream.acceptedSpanIds())).as("acknowledged ids not delivered").isEmpty();
                assertThat(client.acknowledged()).hasSizeGreaterThanOrEqualTo(20_000 - SPANS_PER_REQUEST);
                assertThat(Files.readString(terminationLog)).contains("everything received was delivered");
            }
        }
    }

    @Test
    void aPersistentQueueWhoseUpstreamIsDownExitsWithItsBytesReportedAndIsReplayedByTheNextProcess() throws Exception {
        Ports ports = Ports.free();
        Path queueDir = dir.resolve("queue");
        try (TestUpstream upstream = TestUpstream.start();
             SpanIdClient client = new SpanIdClient()) {
            String toml = """
                    [otlp]
                    endpoint = "%s"
                    timeout = "5s"

                    [queue]
                    persistent = true
                    directory = "%s"
                    max_disk_bytes = "64MiB"
                    """.formatted(upstream.grpcEndpoint(), queueDir);
            Duration grace = gracePeriod(toml);
            Path config = Files.writeString(dir.resolve("runtime.toml"), toml + "\n" + ports.toml());
            Path terminationLog = Files.createFile(dir.resolve("termination-log"));
            client.connect(ports.grpc());

            try (RuntimeProcess runtime = RuntimeProcess.start(dir, Map.of(), "--config", config.toString(),
                    "--termination-message-file", terminationLog.toString())) {
                runtime.awaitOutput("otlp exporter runtime ready");
                upstream.failAlways(Status.Code.UNAVAILABLE);
                for (int i = 0; i < 40; i++) {
                    client.sendUntilAcknowledged(SpanIdClient.request("held", SPANS_PER_REQUEST, 16));
                }

                assertThat(runtime.stopWithin(grace)).as("exit code within the grace period of %s", grace).isZero();

                RetainedQueue retained = RetainedQueue.parse(Files.readString(terminationLog)).orElseThrow(
                        () -> new AssertionError("no retained queue in the termination message; the runtime printed:\n"
                                + outputOf(runtime)));
                System.out.printf("persistent queue: %s (grace %s)%n", retained.message(), grace);
                assertThat(retained.items()).isEqualTo(client.acknowledged().size());
                assertThat(retained.directory()).isEqualTo(queueDir.toString());
                assertThat(retained.bytes()).isPositive().isLessThanOrEqualTo(bytesIn(queueDir));
                assertThat(runtime.output()).contains("shut down: " + retained.bytes() + " bytes ("
                        + retained.items() + " items) are kept in the persistent queue in " + queueDir);
            }
            assertThat(client.missingFrom(upstream.acceptedSpanIds())).hasSize(40 * SPANS_PER_REQUEST);

            upstream.acceptAll();
            try (RuntimeProcess scaledUp = RuntimeProcess.start(dir, Map.of(), "--config", config.toString())) {
                scaledUp.awaitOutput("otlp exporter runtime ready");
                PollingAwait.until("every acknowledged span at the upstream", Duration.ofSeconds(60),
                        () -> client.allDeliveredTo(upstream));
                assertThat(scaledUp.stopWithin(grace)).isZero();
            }
            assertThat(client.missingFrom(upstream.acceptedSpanIds())).isEmpty();
        }
    }

    @Test
    void theBytesAPersistentQueueKeepsAtShutdownAreAMetric() throws Exception {
        try (TestUpstream upstream = TestUpstream.start()) {
            upstream.failAlways(Status.Code.UNAVAILABLE);
            RunningRuntime runtime = RunningRuntime.start("""
                    [otlp]
                    endpoint = "%s"

                    [queue]
                    persistent = true
                    directory = "%s"
                    """.formatted(upstream.grpcEndpoint(), dir.resolve("queue")));
            try (SpanIdClient client = new SpanIdClient("127.0.0.1", runtime.runtime().grpcPort())) {
                assertThat(runtime.metrics()).contains("otlp_queue_retained_bytes 0.0");
                client.sendUntilAcknowledged(SpanIdClient.request("held", SPANS_PER_REQUEST, 16));

                assertThat(runtime.shutdown()).as("items lost").isZero();

                RetainedQueue retained = RetainedQueue.parse(runtime.runtime().shutdownSummary()).orElseThrow();
                assertThat(retained.items()).isEqualTo(SPANS_PER_REQUEST);
                assertThat(runtime.metrics()).contains("otlp_queue_retained_bytes " + (double) retained.bytes());
            }
        }
    }

    /** Sends until the queue refuses with RESOURCE_EXHAUSTED; returns the requests it acknowledged. */
    private static int fillUntilRefused(SpanIdClient client) {
        int acknowledged = 0;
        while (true) {
            Status status = client.sendOnce(SpanIdClient.request("fill", SPANS_PER_REQUEST, 16));
            if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                return acknowledged;
            }
            assertThat(status.isOk()).as("answer %s while filling", status).isTrue();
            acknowledged++;
        }
    }

    /** What the operator sets as {@code terminationGracePeriodSeconds} for this config. */
    private static Duration gracePeriod(String toml) {
        ConfigLoadResult loaded = ConfigLoader.fromToml(toml, "test.toml", Map.of(RunningRuntime.SHUTDOWN_DELAY_VARIABLE, "0s"));
        assertThat(loaded.problems()).isEmpty();
        QueueConfig queue = loaded.config().queue();
        return queue.shutdownDelay().plus(queue.drainTimeout()).plus(SHUTDOWN_MARGIN);
    }

    private static long bytesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static String outputOf(RuntimeProcess runtime) {
        try {
            return runtime.output();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
