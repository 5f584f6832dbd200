package dev.otlp.runtime.e2e;

import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.Reaction;
import dev.otlp.runtime.testing.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code [queue] persistent = true}: what the runtime acknowledged survives its death, however it
 * dies, and is delivered after the restart; counted span by span.
 */
class PersistentQueueEndToEndTest {

    private static final int KILLS = 20;
    private static final int MAX_CONNECTIONS = 2;
    private static final int MAX_BATCH_SIZE = 200;
    private static final int SPANS_PER_REQUEST = 50;

    @TempDir
    Path dir;

    private String persistentQueue() {
        return """

                [queue]
                persistent = true
                directory = "%s"
                """.formatted(dir.resolve("queue"));
    }

    @Test
    void holdsWhatItAcknowledgedWhileTheUpstreamRefusesTheKeyAndDeliversItAfterARestartWithTheRightOne() throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
             SpanIdClient before = new SpanIdClient();
             SpanIdClient after = new SpanIdClient()) {
            upstream.requireHeader("x-api-key", "right-key");
            String config = """
                    [otlp]
                    endpoint = "%s"

                    [authentication]
                    api_key = "%s"
                    """ + persistentQueue();

            try (RunningRuntime runtime = RunningRuntime.start(config.formatted(upstream.grpcEndpoint(), "wrong-key"))) {
                before.connect(runtime.runtime().grpcPort());
                for (int i = 0; i < 50; i++) {
                    before.sendUntilAcknowledged(SpanIdClient.request("before", 20, 16));
                }
                PollingAwait.until("the runtime to report the refused key", () -> runtime.ready().statusCode() == 503);
                assertThat(runtime.ready().body()).contains("upstream refuses exports (unauthenticated)")
                        .doesNotContain("wrong-key");
                assertThat(runtime.metrics()).contains("otlp_export_blocked{reason=\"unauthenticated\"} 1.0");
                assertThat(runtime.shutdown()).as("items lost").isZero();
            }
            assertThat(upstream.acceptedSpans()).isZero();

            try (RunningRuntime runtime = RunningRuntime.start(config.formatted(upstream.grpcEndpoint(), "right-key"))) {
                after.connect(runtime.runtime().grpcPort());
                for (int i = 0; i < 50; i++) {
                    after.sendUntilAcknowledged(SpanIdClient.request("after", 20, 16));
                }
                PollingAwait.until("every span from before and after the restart at the upstream",
                        () -> before.allDeliveredTo(upstream) && after.allDeliveredTo(upstream));
                PollingAwait.until("ready once the upstream takes exports", () -> runtime.ready().statusCode() == 200);
            }
        }
    }

    @Test
    void deliversEveryAcknowledgedSpanAfterTwentyKillsAtRandomMoments() throws Exception {
        Ports ports = Ports.free();
        Random random = new Random(42);
        try (TestUpstream upstream = TestUpstream.start();
             SpanIdClient client = new SpanIdClient()) {
            upstream.answerAlways(new Reaction.Slow(Duration.ofMillis(20)));
            Path config = Files.writeString(dir.resolve("runtime.toml"), """
                    [otlp]
                    endpoint = "%s"

                    [performance]
                    batch_size = %d
                    max_batch_size = %d
                    min_connections = 1
                    max_connections = %d
                    """.formatted(upstream.grpcEndpoint(), MAX_BATCH_SIZE, MAX_BATCH_SIZE, MAX_CONNECTIONS) + persistentQueue() + "\n" + ports.toml());
            client.connect(ports.grpc());
            client.startSending(SPANS_PER_REQUEST, 0, true);
            for (int kill = 0; kill < KILLS; kill++) {
                try (RuntimeProcess runtime = RuntimeProcess.start(dir, Map.of(), "--config", config.toString())) {
                    runtime.awaitOutput("otlp exporter runtime ready");
                    Thread.sleep(200 + random.nextInt(1300));
                    runtime.kill();
                }
            }
            try (RuntimeProcess runtime = RuntimeProcess.start(dir, Map.of(), "--config", config.toString())) {
                runtime.awaitOutput("otlp exporter runtime ready");
                Thread.sleep(500);
                client.stop();
                upstream.acceptAll();

                PollingAwait.until("every acknowledged span at the upstream", Duration.ofSeconds(120),
                        () -> client.allDeliveredTo(upstream));
                int duplicates = upstream.acceptedSpans() - client.acknowledged().size();
                System.out.printf("%d kills: %d spans acknowledged, %d delivered, %d duplicates%n", KILLS,
                        client.acknowledged().size(), upstream.acceptedSpans(), duplicates);
                assertThat(client.acknowledged()).hasSizeGreaterThan(KILLS * 100);
                // What one kill can make the upstream receive beyond the acknowledged ids: the batches on the
                // wire, whose delivery the runtime had not yet noted (max_connections in flight at most, each of
                // max_batch_size spans at most; an in-flight slot is freed only once its batch is noted), and the
                // one request the client had in hand (stored, then resent or never acknowledged). A delivery
                // note lost at every kill, or a segment replayed whole, goes past this.
                assertThat(duplicates).as("sent again: the batches on the wire at each kill, and the client's request in hand")
                        .isLessThanOrEqualTo(KILLS * (MAX_CONNECTIONS * MAX_BATCH_SIZE + SPANS_PER_REQUEST));
                assertThat(metrics(ports)).contains("otlp_queue_size 0.0");
                runtime.terminate();
                assertThat(runtime.waitForExit()).isZero();
            }
        }
    }

    private static String metrics(Ports ports) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.metrics() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
