package dev.otlp.runtime.receiver;

import com.google.rpc.Code;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.otlp.runtime.compression.Bounded;
import dev.otlp.runtime.compression.TooLargeException;
import dev.otlp.runtime.compression.ZstdDecompressor;
import dev.otlp.runtime.config.ReceiverConfig;
import dev.otlp.runtime.otlp.MalformedRequestException;
import dev.otlp.runtime.otlp.OtlpJson;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.Admission;
import dev.otlp.runtime.pipeline.Intake;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import dev.otlp.runtime.telemetry.RuntimeMetrics.Outcome;
import dev.otlp.runtime.telemetry.RuntimeMetrics.Transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * OTLP/HTTP receiver: {@code POST /v1/traces|metrics|logs} with {@code application/x-protobuf}
 * or {@code application/json} bodies, identity, gzip or zstd encoded. Answers per the OTLP/HTTP
 * spec: 200 with an {@code Export*ServiceResponse}, 400 with a {@code google.rpc.Status} naming
 * what is malformed, 429 or 503 with {@code Retry-After} when the data should be retried, and
 * 401, 404, 405, 413, 415 for what the client must fix.
 */
public final class HttpReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(HttpReceiver.class);
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";
    private static final int THREADS = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    private static final int QUEUED_EXCHANGES = 1024;
    private static final byte[] EMPTY_PROTOBUF_RESPONSE = new byte[0];
    /** Bytes of a too-large body read and thrown away before answering 413. */
    private static final long DISCARD_LIMIT = 64L << 20;

    private final ReceiverConfig config;
    private final Reception reception;
    private final ApiKeyCheck apiKey;
    private final Map<String, Signal> signalsByPath = Map.of(
            Signal.TRACES.httpPath(), Signal.TRACES,
            Signal.METRICS.httpPath(), Signal.METRICS,
            Signal.LOGS.httpPath(), Signal.LOGS);
    private final Map<Signal, byte[]> jsonResponses = new EnumMap<>(Signal.class);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private HttpServer server;
    private ThreadPoolExecutor executor;
    private Thread stopper;

    public HttpReceiver(ReceiverConfig config, Intake intake, RuntimeMetrics metrics) {
        this.config = config;
        this.reception = new Reception(intake, metrics, Transport.HTTP);
        this.apiKey = ApiKeyCheck.from(config);
        for (Signal signal : Signal.values()) {
            jsonResponses.put(signal, OtlpJson.exportResponse(signal));
        }
    }

    /** Binds {@code config.host():config.httpPort()} (0: an ephemeral port) and starts serving. */
    public synchronized HttpReceiver start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("the HTTP receiver was already started");
        }
        InetSocketAddress address = new InetSocketAddress(config.host(), config.httpPort());
        server = config.hasTls() ? httpsServer(address) : HttpServer.create(address, 0);
        AtomicInteger threadNumber = new AtomicInteger();
        executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED_EXCHANGES),
                task -> new Thread(task, "otlp-http-" + threadNumber.incrementAndGet()));
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    private HttpsServer httpsServer(InetSocketAddress address) throws IOException {
        SSLContext tls;
        try {
            tls = SSLContext.getInstance("TLS");
            tls.init(ServerKeyManagers.from(config).getKeyManagers(), null, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the HTTP receiver: " + e.getMessage(), e);
        }
        HttpsServer https = HttpsServer.create(address, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        return https;
    }

    /** The bound port; the ephemeral one when configured with 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Stops taking requests: from now on they are answered 503, and the listener closes as soon
     * as the requests in progress have been answered.
     */
    public synchronized void shutdown() {
        if (server == null || !stopping.compareAndSet(false, true)) {
            return;
        }
        stopper = new Thread(() -> {
            awaitIdle();
            server.stop(0);
            executor.shutdown();
        }, "otlp-http-stop");
        stopper.start();
    }

    /** @return whether the listener closed and every request was answered within {@code timeout} */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Thread stopping;
        synchronized (this) {
            stopping = stopper;
        }
        if (stopping == null) {
            return server == null;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        stopping.join(Math.max(1, timeout.toMillis()));
        return !stopping.isAlive()
                && executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void awaitIdle() {
        synchronized (inFlight) {
            while (inFlight.get() > 0) {
                try {
                    inFlight.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrival = System.nanoTime();
        inFlight.incrementAndGet();
        try {
            answer(exchange, arrival);
        } catch (RuntimeException e) {
            LOG.error("failed to handle {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
            if (exchange.getResponseCode() == -1) {
                new Reply(exchange, false).status(500, Code.INTERNAL, "internal error; retry later");
            }
        } finally {
            exchange.close();
            if (inFlight.decrementAndGet() == 0 && stopping.get()) {
                synchronized (inFlight) {
                    inFlight.notifyAll();
                }
            }
        }
    }

    private void answer(HttpExchange exchange, long arrival) throws IOException {
        String contentType = mediaType(exchange.getRequestHeaders().getFirst("Content-Type"));
        Reply reply = new Reply(exchange, JSON.equals(contentType));
        Signal signal = signalsByPath.get(exchange.getRequestURI().getPath());
        if (signal == null) {
            reply.status(404, Code.NOT_FOUND, "no OTLP endpoint at " + exchange.getRequestURI().getPath()
                    + "; use /v1/traces, /v1/metrics or /v1/logs");
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            reply.status(405, Code.UNIMPLEMENTED, exchange.getRequestMethod() + " is not allowed; use POST");
            return;
        }
        if (stopping.get()) {
            reception.rejected(signal, Outcome.SHUTTING_DOWN, arrival);
            reply.retryLater(503, Code.UNAVAILABLE, "the exporter is shutting down; retry");
            return;
        }
        if (apiKey.required() && !apiKey.accepts(exchange.getRequestHeaders().getFirst(apiKey.header()),
                exchange.getRequestHeaders().getFirst("Authorization"))) {
            reception.rejected(signal, Outcome.UNAUTHENTICATED, arrival);
            reply.status(401, Code.UNAUTHENTICATED, "missing or invalid API key");
            return;
        }
        if (!PROTOBUF.equals(contentType) && !JSON.equals(contentType)) {
            reception.rejected(signal, Outcome.UNSUPPORTED_MEDIA_TYPE, arrival);
            reply.status(415, Code.INVALID_ARGUMENT, "unsupported Content-Type "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + "; use " + PROTOBUF + " or " + JSON);
            return;
        }
        String encoding = encoding(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        if (encoding == null) {
            reception.rejected(signal, Outcome.UNSUPPORTED_MEDIA_TYPE, arrival);
            reply.status(415, Code.INVALID_ARGUMENT, "unsupported Content-Encoding "
                    + exchange.getRequestHeaders().getFirst("Content-Encoding") + "; use gzip, zstd or identity");
            return;
        }
        byte[] request;
        try {
            request = body(exchange.getRequestBody(), encoding);
            if (reply.json) {
                request = OtlpJson.toProtobuf(signal, request);
            }
        } catch (TooLargeException e) {
            reception.rejected(signal, Outcome.TOO_LARGE, arrival);
            reply.status(413, Code.RESOURCE_EXHAUSTED, "request " + e.getMessage());
            return;
        } catch (MalformedRequestException e) {
            reception.rejected(signal, Outcome.INVALID, arrival);
            reply.status(400, Code.INVALID_ARGUMENT, e.getMessage());
            return;
        }
        Admission admission;
        try {
            admission = reception.admit(signal, request, arrival);
        } catch (MalformedRequestException e) {
            reply.status(400, Code.INVALID_ARGUMENT, e.getMessage());
            return;
        }
        switch (admission) {
            case ACCEPTED -> reply.send(200, reply.json ? jsonResponses.get(signal) : EMPTY_PROTOBUF_RESPONSE);
            case QUEUE_FULL -> reply.retryLater(429, Code.RESOURCE_EXHAUSTED, "the exporter's queue is full; retry later");
            case SHUTTING_DOWN -> reply.retryLater(503, Code.UNAVAILABLE, "the exporter is shutting down; retry");
            case TOO_LARGE -> reply.status(413, Code.RESOURCE_EXHAUSTED, reception.tooLargeMessage());
        }
    }

    /** The decoded body, at most {@code maxRequestSize} bytes before and after decompression. */
    private byte[] body(InputStream in, String encoding) throws IOException, MalformedRequestException {
        long max = config.maxRequestSize();
        byte[] raw;
        try {
            raw = Bounded.readAll(in, max);
        } catch (TooLargeException e) {
            discardRest(in);
            throw e;
        }
        try {
            return switch (encoding) {
                case "gzip" -> Bounded.readAll(new GZIPInputStream(new ByteArrayInputStream(raw)), max);
                case "zstd" -> ZstdDecompressor.decompress(raw, max);
                default -> raw;
            };
        } catch (TooLargeException e) {
            throw e;
        } catch (IOException e) {
            throw new MalformedRequestException("invalid " + encoding + " body: " + e.getMessage(), e);
        }
    }

    /**
     * Reads what is left of a refused body, so the client gets to read the 413 instead of a reset
     * connection; a body that goes on past {@link #DISCARD_LIMIT} has the connection closed under it.
     */
    private static void discardRest(InputStream in) throws IOException {
        long left = DISCARD_LIMIT;
        byte[] sink = new byte[16 * 1024];
        for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
            left -= n;
        }
    }

    /** The media type of a Content-Type header without its parameters, lower case; null when absent. */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
    }

    /** {@code identity}, {@code gzip} or {@code zstd}; null for an encoding this receiver cannot decode. */
    private static String encoding(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return "identity";
        }
        String encoding = contentEncoding.strip().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "identity", "gzip", "zstd" -> encoding;
            default -> null;
        };
    }

    /** Writes one response, in the request's media type (protobuf unless it sent JSON). */
    private static final class Reply {

        private final HttpExchange exchange;
        private final boolean json;

        Reply(HttpExchange exchange, boolean json) {
            this.exchange = exchange;
            this.json = json;
        }

        void retryLater(int httpStatus, Code code, String message) throws IOException {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(Reception.RETRY_AFTER_SECONDS));
            status(httpStatus, code, message);
        }

        void status(int httpStatus, Code code, String message) throws IOException {
            com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                    .setCode(code.getNumber())
                    .setMessage(message)
                    .build();
            send(httpStatus, json ? OtlpJson.print(status) : status.toByteArray());
        }

        void send(int httpStatus, byte[] body) throws IOException {
            exchange.getResponseHeaders().set("Content-Type", json ? JSON : PROTOBUF);
            exchange.sendResponseHeaders(httpStatus, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }
}
