package dev.otlp.runtime.export;

import dev.otlp.runtime.compression.ZstdCompressor;
import dev.otlp.runtime.config.PerformanceConfig;
import dev.otlp.runtime.config.PerformanceConfig.Compression;
import dev.otlp.runtime.config.RuntimeConfig;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.reload.CredentialWatcher;
import dev.otlp.runtime.telemetry.RuntimeMetrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * OTLP/HTTP with protobuf bodies: POSTs the serialized request to {@code <base>/v1/<signal>},
 * compressed with zstd or gzip when it reaches {@code min_compression_size}. The pipeline keeps at
 * most {@code max_connections} batches in flight, hence at most that many requests and HTTP/1.1
 * connections.
 */
final class HttpTransport implements Transport {

    private static final Pattern SIGNAL_PATH = Pattern.compile("/v1/(traces|metrics|logs)/?$");

    private final Endpoint endpoint;
    private final Map<Signal, URI> uris = new EnumMap<>(Signal.class);
    private final HttpClientPool clients;
    /** The pipeline bounds batches in flight to the pool's size; this counts the requests on the wire. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Duration timeout;
    private final Compression compression;
    private final long minCompressionSize;
    private final ZstdCompressor zstd;
    private final RuntimeMetrics metrics;
    private final Clock clock;

    HttpTransport(RuntimeConfig config, RuntimeMetrics metrics, Clock clock, CredentialWatcher watcher) {
        PerformanceConfig performance = config.performance();
        this.endpoint = Endpoint.parse(config.otlp().endpoint(), config.tls().enableTls());
        String base = SIGNAL_PATH.matcher(endpoint.path()).replaceFirst("").replaceFirst("/+$", "");
        for (Signal signal : Signal.values()) {
            uris.put(signal, endpoint.uri(base + signal.httpPath()));
        }
        TlsMaterial tls = endpoint.tls() ? TlsMaterial.from(config.tls(), watcher) : null;
        this.clients = new HttpClientPool(() -> client(performance.connectionTimeout(), tls),
                performance.effectiveMinConnections(), performance.maxLifetime());
        this.timeout = config.otlp().timeout();
        this.compression = performance.effectiveCompression();
        this.minCompressionSize = performance.minCompressionSize();
        this.zstd = new ZstdCompressor(performance.compressionLevel());
        this.metrics = metrics;
        this.clock = clock;
    }

    private static HttpClient client(Duration connectTimeout, TlsMaterial tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            builder.sslContext(tls.sslContext()).sslParameters(tls.sslParameters());
        }
        return builder.build();
    }

    @Override
    public CompletableFuture<Attempt> attempt(Signal signal, byte[] request, Map<String, String> headers) {
        return post(signal, request, headers);
    }

    private CompletableFuture<Attempt> post(Signal signal, byte[] request, Map<String, String> resolved) {
        inFlight.incrementAndGet();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uris.get(signal))
                .timeout(timeout)
                .header("Content-Type", "application/x-protobuf")
                .header("User-Agent", "otlp-fleet-exporter");
        resolved.forEach(builder::header);
        byte[] body = request;
        if (compression != Compression.NONE && request.length >= minCompressionSize) {
            body = compress(request);
            builder.header("Content-Encoding", compression.key());
        }
        metrics.compressed(request.length, body.length);
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            exchange = clients.next().sendAsync(builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IllegalStateException closed) {
            inFlight.decrementAndGet();
            return CompletableFuture.completedFuture(new Attempt.Retryable("shutdown", closed.getMessage()));
        }
        return exchange.handle((response, failure) -> {
            inFlight.decrementAndGet();
            return failure != null ? HttpOutcomes.classify(failure, endpoint.toString())
                    : HttpOutcomes.classify(signal, response, clock);
        });
    }

    private byte[] compress(byte[] request) {
        if (compression == Compression.ZSTD) {
            return zstd.compress(request);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(request.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 16 * 1024)) {
            gzip.write(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Requests in flight, each holding one connection. */
    @Override
    public int activeConnections() {
        return inFlight.get();
    }

    @Override
    public void close() {
        clients.close();
    }
}
