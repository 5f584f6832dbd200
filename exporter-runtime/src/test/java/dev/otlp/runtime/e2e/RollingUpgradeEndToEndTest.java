package dev.otlp.runtime.e2e;

import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.TestUpstream;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling upgrade without a cluster: two runtime processes behind a round-robin {@link ServiceProxy} (the
 * Service), OpenTelemetry SDK clients with their retry on sending spans with unique ids, and the config changed
 * by replacing one process at a time as the Deployment controller does: SIGTERM, wait for the exit, start the
 * new one with the new config, wait until it is ready, then the next. Every acknowledged span must reach the
 * upstream, and no client may see an error it cannot retry. Refused-and-retried requests are counted and printed.
 */
class RollingUpgradeEndToEndTest {

    private static final int CLIENTS = 3;
    /** Between two exports of a client: an application's batch processor exports every few milliseconds at most. */
    private static final long PAUSE_MILLIS = 20;
    private static final int SPANS_PER_EXPORT = 10;
    /** Ten poll periods of the proxy's endpoints: plenty for it to stop sending new connections here. */
    private static final String SHUTDOWN_DELAY = "1s";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void replacesEveryRuntimeUnderLoadWithoutLosingAnAcknowledgedSpanOrAnErrorAClientCannotRetry() throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
             ServiceProxy service = new ServiceProxy()) {
            List<Runtime> runtimes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runtimes.add(Runtime.start(dir, upstream, "1.0", service));
            }
            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(Client.start(service.endpoint()));
            }
            Thread.sleep(1000);

            long started = System.nanoTime();
            for (int i = 0; i < runtimes.size(); i++) {
                Runtime old = runtimes.get(i);
                old.process().terminate();
                assertThat(old.process().waitForExit()).as("exit code after SIGTERM").isZero();
                service.remove(old.backend());
                phase("runtime " + i + " exited", started);
                runtimes.set(i, Runtime.start(dir, upstream, "2.0", service));
                phase("its successor is ready", started);
            }
            Thread.sleep(1000);
            clients.forEach(Client::stop);

            Set<Long> acknowledged = new HashSet<>();
            long exports = 0;
            List<String> failures = new ArrayList<>();
            for (Client client : clients) {
                client.awaitStopped();
                acknowledged.addAll(client.acknowledged());
                exports += client.exports();
                failures.addAll(client.failures());
            }
            phase("clients stopped", started);
            PollingAwait.until("every acknowledged span at the upstream", Duration.ofSeconds(60),
                    () -> new HashSet<>(upstream.acceptedSpanIds()).containsAll(acknowledged));
            List<Long> delivered = upstream.acceptedSpanIds();
            Set<Long> unique = new HashSet<>(delivered);
            System.out.printf("rolling upgrade of 2 runtimes under %d SDK clients: %d exports, %d spans acknowledged,"
                            + " %d delivered (%d unique, %d duplicates), %d requests refused with 503 and retried, %d failed%n",
                    CLIENTS, exports, acknowledged.size(), delivered.size(), unique.size(), delivered.size() - unique.size(),
                    service.refusedResponses(), failures.size());

            assertThat(failures).as("exports the SDK gave up on").isEmpty();
            assertThat(acknowledged).hasSizeGreaterThan(1000);
            assertThat(unique).containsAll(acknowledged);
            for (Runtime runtime : runtimes) {
                runtime.process().terminate();
                assertThat(runtime.process().waitForExit()).isZero();
                assertThat(runtime.process().output()).contains("everything received was delivered");
            }
        }
    }

    private static void phase(String what, long startedNanos) {
        System.out.printf("%s after %d ms%n", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
    }

    /** One runtime process of a given version of the config, added to the Service once it is ready. */
    private record Runtime(RuntimeProcess process, ServiceProxy.Backend backend) {

        static Runtime start(Path dir, TestUpstream upstream, String version, ServiceProxy service) throws Exception {
            Ports ports = Ports.free();
            Path config = Files.createTempFile(dir, "config-" + version + "-", ".toml");
            Files.writeString(config, """
                    [otlp]
                    endpoint = "%s"

                    [service]
                    version = "%s"

                    [performance]
                    batch_timeout = "%s"

                    """.formatted(upstream.grpcEndpoint(), version, version.equals("1.0") ? "200ms" : "100ms") + ports.toml());
            RuntimeProcess process = RuntimeProcess.start(dir, Map.of(RunningRuntime.SHUTDOWN_DELAY_VARIABLE, SHUTDOWN_DELAY),
                    "--config", config.toString());
            ServiceProxy.Backend backend = new ServiceProxy.Backend(ports.http(), ports.health());
            PollingAwait.until("the runtime " + version + " to be ready", Duration.ofSeconds(30), () -> ready(ports.health()));
            service.add(backend);
            PollingAwait.until("the Service to route to the runtime " + version, () -> service.routesTo(backend));
            return new Runtime(process, backend);
        }

        private static boolean ready(int healthPort) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/ready")).build();
                return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * An application: the SDK's OTLP/HTTP span exporter with its default retry policy, exporting batches of
     * fresh spans one after another and remembering the ids of every batch the exporter reports as exported.
     */
    private static final class Client implements SpanProcessor {

        private final OtlpHttpSpanExporter exporter;
        private final SdkTracerProvider provider;
        private final Tracer tracer;
        private final List<SpanData> ended = new ArrayList<>();
        private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        private final List<String> failures = new ArrayList<>();
        private final AtomicLong exports = new AtomicLong();
        private final Thread sender;
        private volatile boolean stopped;

        private Client(String endpoint) {
            exporter = OtlpHttpSpanExporter.builder().setEndpoint(endpoint + "/v1/traces")
                    .setRetryPolicy(RetryPolicy.getDefault()).build();
            provider = SdkTracerProvider.builder().addSpanProcessor(this).build();
            tracer = provider.get("rolling-upgrade");
            sender = new Thread(this::send, "sdk-client");
        }

        static Client start(String endpoint) {
            Client client = new Client(endpoint);
            client.sender.start();
            return client;
        }

        private void send() {
            while (!stopped) {
                for (int i = 0; i < SPANS_PER_EXPORT; i++) {
                    tracer.spanBuilder("order").startSpan().end();
                }
                List<SpanData> batch = new ArrayList<>(ended);
                ended.clear();
                CompletableResultCode result = exporter.export(batch).join(60, TimeUnit.SECONDS);
                exports.incrementAndGet();
                if (result.isSuccess()) {
                    batch.forEach(span -> acknowledged.add(Long.parseUnsignedLong(span.getSpanId(), 16)));
                } else {
                    failures.add(String.valueOf(result.getFailureThrowable()));
                }
                pause();
            }
        }

        private static void pause() {
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stop() {
            stopped = true;
        }

        void awaitStopped() throws InterruptedException {
            sender.join(TimeUnit.MINUTES.toMillis(2));
            provider.close();
        }

        Set<Long> acknowledged() {
            return acknowledged;
        }

        long exports() {
            return exports.get();
        }

        List<String> failures() {
            return failures;
        }

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            ended.add(span.toSpanData());
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }
}
