package dev.otlp.runtime.telemetry;

import dev.otlp.runtime.config.MonitoringConfig;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.telemetry.RuntimeMetrics.Outcome;
import dev.otlp.runtime.telemetry.RuntimeMetrics.ReceiverTransport;
import dev.otlp.runtime.testing.PollingAwait;
import jdk.jfr.FlightRecorder;
import jdk.jfr.RecordingState;
import org.junit.jupiter.api.AfterEach;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelemetryServersTest {

    private static final int ANY_PORT = 0;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final RuntimeMetrics metrics = new RuntimeMetrics();
    private final AtomicReference<List<String>> notReadyReasons = new AtomicReference<>(List.of());
    private TelemetryServers servers;

    @AfterEach
    void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void healthAnswersUpWhileTheProcessIsLive() throws Exception {
        servers = start();

        HttpResponse<String> response = get(servers.healthPort().getAsInt(), "/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void readyFollowsTheReadinessSourceBothWays() throws Exception {
        servers = start();
        int port = servers.healthPort().getAsInt();

        assertThat(get(port, "/ready").statusCode()).isEqualTo(200);
        assertThat(get(port, "/ready").body()).isEqualTo("{\"status\":\"READY\"}");

        notReadyReasons.set(List.of("draining for shutdown", "queue above high-water mark (91% of items)"));
        HttpResponse<String> notReady = get(port, "/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("{\"status\":\"NOT_READY\",\"reasons\":"
                + "[\"draining for shutdown\",\"queue above high-water mark (91% of items)\"]}");

        notReadyReasons.set(List.of());
        assertThat(get(port, "/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void healthAnswersDownWhenLivenessReportsAProblem() throws Exception {
        servers = TelemetryServers.start(config(ANY_PORT, ANY_PORT), metrics, notReadyReasons::get,
                () -> List.of("threads deadlocked: a, b"));

        HttpResponse<String> response = get(servers.healthPort().getAsInt(), "/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("{\"status\":\"DOWN\",\"reasons\":[\"threads deadlocked: a, b\"]}");
    }

    @Test
    void metricsServesTheSeedsMetricNamesAsPrometheusText() throws Exception {
        metrics.requestCompleted(Signal.TRACES, ReceiverTransport.GRPC, Outcome.ACCEPTED, 40_000);
        metrics.requestCompleted(Signal.TRACES, ReceiverTransport.HTTP, Outcome.QUEUE_FULL, 20_000);
        metrics.itemsReceived(Signal.TRACES, 512);
        metrics.itemsExported(Signal.TRACES, 500);
        metrics.itemsDropped(Signal.TRACES, 12, "upstream_rejected");
        servers = start();

        HttpResponse<String> response = get(servers.metricsPort().getAsInt(), "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(sampleNames(response.body())).contains(
                "otlp_requests_total",
                "otlp_request_duration_seconds_bucket",
                "otlp_errors_total",
                "otlp_received_items_total",
                "otlp_exported_items_total",
                "otlp_dropped_items_total",
                "process_resident_memory_bytes",
                "process_cpu_seconds_total");
        assertThat(response.body())
                .contains("otlp_received_items_total{signal=\"traces\"} 512.0")
                .contains("otlp_errors_total{type=\"queue_full\"} 1.0");
    }

    @Test
    void servesHealthReadinessAndMetricsOnOnePortWhenThePortsAreEqual() throws Exception {
        servers = TelemetryServers.start(config(ANY_PORT, ANY_PORT), metrics, notReadyReasons::get);
        int port = servers.healthPort().getAsInt();

        assertThat(servers.metricsPort()).hasValue(port);
        assertThat(get(port, "/health").statusCode()).isEqualTo(200);
        assertThat(get(port, "/ready").statusCode()).isEqualTo(200);
        assertThat(get(port, "/metrics").body()).contains("otlp_received_items_total");
    }

    @Test
    void servesOnlyWhatIsEnabled() throws Exception {
        servers = TelemetryServers.start(new MonitoringConfig(false, ANY_PORT, true, ANY_PORT, false, 6060, "127.0.0.1", "127.0.0.1"),
                metrics, notReadyReasons::get);

        assertThat(servers.metricsPort()).isEmpty();
        assertThat(get(servers.healthPort().getAsInt(), "/metrics").statusCode()).isEqualTo(404);

        servers.close();
        servers = TelemetryServers.start(new MonitoringConfig(true, ANY_PORT, false, ANY_PORT, false, 6060, "127.0.0.1", "127.0.0.1"),
                metrics, notReadyReasons::get);

        assertThat(servers.healthPort()).isEmpty();
        assertThat(get(servers.metricsPort().getAsInt(), "/health").statusCode()).isEqualTo(404);
        assertThat(get(servers.metricsPort().getAsInt(), "/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void answersUnknownPathsWith404AndOtherMethodsWith405() throws Exception {
        servers = start();
        int port = servers.healthPort().getAsInt();

        assertThat(get(port, "/healthz").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(request(port, "/ready")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void answersHeadWithoutABody() throws Exception {
        servers = start();

        HttpResponse<String> head = http.send(request(servers.healthPort().getAsInt(), "/health")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void namesThePortItCannotListenOn() throws IOException {
        try (ServerSocket taken = new ServerSocket(ANY_PORT)) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> TelemetryServers.start(config(port, port), metrics, notReadyReasons::get))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("port " + port)
                    .hasMessageContaining("/health");
        }
    }

    @Test
    void servesThreadDumpsAndFlightRecordingsOnTheirOwnListenerWhenProfilingIsEnabled(@TempDir Path dir) throws Exception {
        servers = TelemetryServers.start(new MonitoringConfig(true, ANY_PORT, true, ANY_PORT, true, ANY_PORT,
                "127.0.0.1", "127.0.0.1"), metrics, notReadyReasons::get);
        int port = servers.profilingPort().getAsInt();

        HttpResponse<String> threads = get(port, "/debug/threads");
        assertThat(threads.statusCode()).isEqualTo(200);
        assertThat(threads.body()).contains("\"" + Thread.currentThread().getName() + "\"", "\tat ");

        HttpResponse<byte[]> recording = http.send(request(port, "/debug/jfr?seconds=1").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(recording.statusCode()).isEqualTo(200);
        assertThat(recording.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                disposition -> assertThat(disposition).startsWith("attachment;").contains(".jfr"));
        Path file = Files.write(dir.resolve("runtime.jfr"), recording.body());
        assertThat(RecordingFile.readAllEvents(file)).as("events a JDK tool can read").isNotEmpty();

        assertThat(get(port, "/debug/jfr?seconds=0").statusCode()).isEqualTo(400);
        assertThat(get(port, "/debug/jfr?seconds=many").body()).contains("seconds must be a whole number from 1 to 300");
        assertThat(get(servers.healthPort().getAsInt(), "/debug/threads").statusCode()).as("not on the health port")
                .isEqualTo(404);
    }

    @Test
    void takesOneFlightRecordingAtATime() throws Exception {
        servers = TelemetryServers.start(new MonitoringConfig(false, ANY_PORT, false, ANY_PORT, true, ANY_PORT,
                "127.0.0.1", "127.0.0.1"), metrics, notReadyReasons::get);
        int port = servers.profilingPort().getAsInt();
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(request(port, "/debug/jfr?seconds=3").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        PollingAwait.until("the first flight recording runs", () -> FlightRecorder.getFlightRecorder().getRecordings()
                .stream().anyMatch(recording -> recording.getName().equals(ProfilingEndpoints.RECORDING_NAME)
                        && recording.getState() == RecordingState.RUNNING));

        HttpResponse<String> second = get(port, "/debug/jfr?seconds=1");

        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void servesNoProfilingUnlessEnabled() {
        servers = start();

        assertThat(servers.profilingPort()).isEmpty();
    }

    private TelemetryServers start() {
        return TelemetryServers.start(config(ANY_PORT, ANY_PORT), metrics, notReadyReasons::get);
    }

    private static MonitoringConfig config(int metricsPort, int healthPort) {
        return new MonitoringConfig(true, metricsPort, true, healthPort, false, 6060, "127.0.0.1", "127.0.0.1");
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(request(port, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    }

    private static List<String> sampleNames(String exposition) {
        return exposition.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0])
                .distinct()
                .toList();
    }
}
