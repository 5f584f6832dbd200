package dev.otlp.runtime.e2e;

import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.TestUpstream;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling upgrade without a cluster, as a Deployment with {@code maxUnavailable: 0, maxSurge: 1} does it: two
 * runtime processes behind round-robin {@link ServiceProxy}s (the Service's OTLP/HTTP and OTLP/gRPC ports),
 * OpenTelemetry SDK clients of both protocols with their retry on sending spans with unique ids, and the config
 * changed by surging one process at a time: start the new one with the new config, wait until it is ready and in
 * the Service's rotation, then SIGTERM the old one and wait for its exit. Every acknowledged span must reach the
 * upstream, and no client may see an error it cannot retry. Refused-and-retried requests are counted and printed.
 */
class RollingUpgradeEndToEndTest {

    private static final int CLIENTS_PER_PROTOCOL = 2;
    /** Between two exports of a client: an application's batch processor exports every few milliseconds at most. */
    private static final long PAUSE_MILLIS = 20;
    private static final int SPANS_PER_EXPORT = 10;
    /** Ten poll periods of the proxy's endpoints: plenty for it to stop sending new connections here. */
    private static final String SHUTDOWN_DELAY = "1s";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern GRPC_REFUSED = Pattern.compile(
            "otlp_requests_total\\{outcome=\"shutting_down\",signal=\"[a-z]+\",transport=\"grpc\"} ([0-9.]+)");

    @TempDir
    Path dir;

    @Test
    void surgesEachRuntimeUnderLoadWithoutLosingAnAcknowledgedSpanOrAnErrorAClientCannotRetry() throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
             ServiceProxy httpService = new ServiceProxy();
             ServiceProxy grpcService = new ServiceProxy()) {
            Service service = new Service(httpService, grpcService);
            List<Runtime> runtimes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runtimes.add(Runtime.start(dir, upstream, "1.0", service));
            }
            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS_PER_PROTOCOL; i++) {
                clients.add(Client.start(OtlpHttpSpanExporter.builder().setEndpoint(httpService.endpoint() + "/v1/traces")
                        .setRetryPolicy(RetryPolicy.getDefault()).build()));
                clients.add(Client.start(OtlpGrpcSpanExporter.builder().setEndpoint(grpcService.endpoint())
                        .setRetryPolicy(RetryPolicy.getDefault()).build()));
            }
            Thread.sleep(1000);

            long started = System.nanoTime();
            long grpcRefused = 0;
            for (int i = 0; i < runtimes.size(); i++) {
                Runtime old = runtimes.get(i);
                runtimes.set(i, Runtime.start(dir, upstream, "2.0", service));
                phase("runtime " + i + "'s successor is ready and in the Service", started);
                old.process().terminate();
                grpcRefused += old.refusedGrpcCallsUntilExit();
                assertThat(old.process().waitForExit()).as("exit code after SIGTERM").isZero();
                service.remove(old);
                phase("runtime " + i + " exited", started);
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
            System.out.printf("surge upgrade of 2 runtimes under %d OTLP/HTTP and %d OTLP/gRPC SDK clients: %d exports,"
                            + " %d spans acknowledged, %d delivered (%d unique, %d duplicates), %d HTTP requests refused"
                            + " with 503 and retried, at least %d gRPC calls refused with UNAVAILABLE and retried, %d failed%n",
                    CLIENTS_PER_PROTOCOL, CLIENTS_PER_PROTOCOL, exports, acknowledged.size(), delivered.size(), unique.size(),
                    delivered.size() - unique.size(), httpService.refusedResponses(), grpcRefused, failures.size());

            assertThat(failures).as("exports the SDK gave up on").isEmpty();
            for (Client client : clients) {
                assertThat(client.acknowledged()).as("spans acknowledged to each client").hasSizeGreaterThan(100);
            }
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

    /** The Service's two ports, each a proxy over the runtimes' port of that protocol. */
    private record Service(ServiceProxy http, ServiceProxy grpc) {

        void add(Runtime runtime) {
            http.add(runtime.http());
            grpc.add(runtime.grpc());
        }

        boolean routesTo(Runtime runtime) {
            return http.routesTo(runtime.http()) && grpc.routesTo(runtime.grpc());
        }

        void remove(Runtime runtime) {
            http.remove(runtime.http());
            grpc.remove(runtime.grpc());
        }
    }

    /** One runtime process of a given version of the config, added to the Service once it is ready. */
    private record Runtime(RuntimeProcess process, Ports ports) {

        ServiceProxy.Backend http() {
            return new ServiceProxy.Backend(ports.http(), ports.health());
        }

        ServiceProxy.Backend grpc() {
            return new ServiceProxy.Backend(ports.grpc(), ports.health());
        }

        static Runtime start(Path dir, TestUpstream upstream, String version, Service service) throws Exception {
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
            Runtime runtime = new Runtime(process, ports);
            PollingAwait.until("the runtime " + version + " to be ready", Duration.ofSeconds(30),
                    () -> get(ports.health(), "/ready").statusCode() == 200);
            service.add(runtime);
            PollingAwait.until("the Service to route to the runtime " + version, () -> service.routesTo(runtime));
            return runtime;
        }

        /**
         * Reads the gRPC calls refused as shutting down from the metrics until the process stops serving them: a
         * lower bound, since calls refused after the last read are not seen.
         */
        long refusedGrpcCallsUntilExit() {
            long refused = 0;
            while (process.isAlive()) {
                try {
                    Matcher counts = GRPC_REFUSED.matcher(get(ports.metrics(), "/metrics").body());
                    long total = 0;
                    while (counts.find()) {
                        total += (long) Double.parseDouble(counts.group(1));
                    }
                    refused = Math.max(refused, total);
                    Thread.sleep(20);
                } catch (IOException stoppedServing) {
                    return refused;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return refused;
                }
            }
            return refused;
        }

        private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /**
     * An application: one of the SDK's OTLP span exporters, with its default retry policy, exporting batches of
     * fresh spans one after another and remembering the ids of every batch the exporter reports as exported.
     */
    private static final class Client implements SpanProcessor {

        private final SpanExporter exporter;
        private final SdkTracerProvider provider;
        private final Tracer tracer;
        private final List<SpanData> ended = new ArrayList<>();
        private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        private final List<String> failures = new ArrayList<>();
        private final AtomicLong exports = new AtomicLong();
        private final Thread sender;
        private volatile boolean stopped;

        private Client(SpanExporter exporter) {
            this.exporter = exporter;
            provider = SdkTracerProvider.builder().addSpanProcessor(this).build();
            tracer = provider.get("rolling-upgrade");
            sender = new Thread(this::send, "sdk-client");
        }

        static Client start(SpanExporter exporter) {
            Client client = new Client(exporter);
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
            exporter.shutdown().join(10, TimeUnit.SECONDS);
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
