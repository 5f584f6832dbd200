package dev.otlp.runtime.e2e;

import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM with a persistent queue and an upstream that takes nothing: the data is already on disk,
 * so the runtime closes the queue and exits instead of waiting out the drain timeout, and delivers
 * every acknowledged span after the restart.
 */
class PersistentQueueShutdownEndToEndTest {

    private static final long DRAIN_TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    @Test
    void exitsLongBeforeTheDrainTimeoutWithABlockedUpstreamAndDeliversEverythingAfterARestart() throws Exception {
        Ports ports = Ports.free();
        try (TestUpstream upstream = TestUpstream.start();
             SpanIdClient client = new SpanIdClient()) {
            upstream.stall();
            Path config = Files.writeString(dir.resolve("runtime.toml"), """
                    [otlp]
                    endpoint = "%s"

                    [queue]
                    persistent = true
                    directory = "%s"
                    drain_timeout = "%ds"
                    """.formatted(upstream.grpcEndpoint(), dir.resolve("queue"), DRAIN_TIMEOUT_SECONDS) + "\n" + ports.toml());
            client.connect(ports.grpc());

            try (RuntimeProcess runtime = RuntimeProcess.start(dir, Map.of(), "--config", config.toString())) {
                runtime.awaitOutput("otlp exporter runtime ready");
                for (int i = 0; i < 20; i++) {
                    client.sendUntilAcknowledged(SpanIdClient.request("held", 50, 16));
                }
                PollingAwait.until("a batch stuck at the upstream", () -> !upstream.received().isEmpty());

                long start = System.nanoTime();
                runtime.terminate();
                assertThat(runtime.waitForExit()).isZero();
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                System.out.printf("SIGTERM to exit with a blocked upstream: %d s (drain timeout %d s)%n", seconds,
                        DRAIN_TIMEOUT_SECONDS);

                assertThat(seconds).as("seconds from SIGTERM to exit").isLessThan(DRAIN_TIMEOUT_SECONDS / 4);
                assertThat(runtime.output()).contains("are kept in the persistent queue");
            }
            assertThat(upstream.acceptedSpans()).isZero();

            upstream.release();
            upstream.acceptAll();
            try (RuntimeProcess runtime = RuntimeProcess.start(dir, Map.of(), "--config", config.toString())) {
                runtime.awaitOutput("otlp exporter runtime ready");

                PollingAwait.until("every acknowledged span at the upstream", Duration.ofSeconds(60),
                        () -> client.allDeliveredTo(upstream));
                assertThat(client.acknowledged()).hasSize(20 * 50);
                runtime.terminate();
                assertThat(runtime.waitForExit()).isZero();
            }
        }
    }
}
