package dev.otlp.runtime.testing;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.RetryInfo;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.otlp.runtime.compression.ZstdCodec;
import dev.otlp.runtime.compression.Reservation;
import dev.otlp.runtime.compression.ZstdDecompressor;
import dev.otlp.runtime.otlp.ByteArrayMarshaller;
import dev.otlp.runtime.otlp.Signal;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.DecompressorRegistry;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP collector for tests, on ephemeral ports: OTLP/gRPC (zstd and gzip message encodings)
 * and OTLP/HTTP protobuf (zstd and gzip bodies), optionally over TLS or mutual TLS. It records
 * every request, and answers as scripted: {@code failNext}, {@code throttleNext},
 * {@code partialSuccessNext}, {@code resetNext}, {@code stall}/{@code release}, or permanently
 * with {@link #answerAlways(Reaction)}. Scripted reactions are consumed in order by requests of
 * either protocol; then the permanent one (success by default) applies.
 *
 * <pre>{@code
 * try (TestUpstream upstream = TestUpstream.start()) {
 *     upstream.failNext(1, Status.Code.UNAVAILABLE);
 *     ... export to upstream.grpcEndpoint() ...
 *     upstream.await(2);
 *     assertThat(upstream.receivedSpans()).isEqualTo(512);
 * }
 * }</pre>
 */
public final class TestUpstream implements AutoCloseable {

    /** Server certificate, its key, and the CA that client certificates must chain to (null: no client certificates). */
    public record ServerTls(PrivateKey key, X509Certificate[] chain, X509Certificate clientCa) {
    }

    private static final long MAX_BODY = 64L << 20;
    private static final Duration AWAIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Context.Key<Metadata> HEADERS = Context.key("headers");
    private static final Context.Key<SocketAddress> REMOTE = Context.key("remote");
    private static final Context.Key<SSLSession> TLS_SESSION = Context.key("tls-session");

    private final boolean tls;
    private final Server grpc;
    private final TcpRelay relay;
    private final HttpServer http;
    private final ExecutorService httpThreads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "test-upstream-http");
        thread.setDaemon(true);
        return thread;
    });
    private final List<ReceivedRequest> received = new ArrayList<>();
    private final Deque<Reaction> script = new ArrayDeque<>();
    private Reaction always = Reaction.ACCEPT;
    private final List<Long> acceptedSpanIds = new ArrayList<>();
    private volatile String rejectedService;
    private volatile Map.Entry<String, Predicate<String>> requiredHeader;
    private CountDownLatch stallGate = new CountDownLatch(1);

    private TestUpstream(ServerTls serverTls) throws IOException {
        this.tls = serverTls != null;
        NettyServerBuilder grpcBuilder = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .decompressorRegistry(DecompressorRegistry.getDefaultInstance().with(new ZstdCodec(3), true))
                .maxInboundMessageSize((int) MAX_BODY);
        if (tls) {
            SslContextBuilder ssl = GrpcSslContexts.configure(SslContextBuilder.forServer(serverTls.key(), serverTls.chain()));
            if (serverTls.clientCa() != null) {
                ssl.trustManager(serverTls.clientCa()).clientAuth(ClientAuth.REQUIRE);
            }
            grpcBuilder.sslContext(ssl.build());
        }
        for (Signal signal : Signal.values()) {
            grpcBuilder.addService(ServerInterceptors.intercept(service(signal), new CaptureCallInfo()));
        }
        this.grpc = grpcBuilder.build().start();
        this.relay = new TcpRelay((InetSocketAddress) grpc.getListenSockets().get(0));
        this.http = tls ? httpsServer(serverTls) : HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", this::handleHttp);
        http.setExecutor(httpThreads);
        http.start();
    }

    public static TestUpstream start() {
        return start(null);
    }

    /** With TLS: endpoints become {@code https://}. */
    public static TestUpstream start(ServerTls tls) {
        try {
            return new TestUpstream(tls);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test upstream", e);
        }
    }

    /** {@code http://127.0.0.1:port} (https with TLS), for {@code protocol = "grpc"}. */
    public String grpcEndpoint() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + relay.port();
    }

    /** {@code http://127.0.0.1:port} (https with TLS), the base URL for {@code protocol = "http"}. */
    public String httpEndpoint() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + http.getAddress().getPort();
    }

    // ---- scripting ----

    /** The next {@code requests} requests get {@code reaction}; afterwards the permanent reaction applies. */
    public synchronized void answerNext(int requests, Reaction reaction) {
        closeGateFor(reaction);
        for (int i = 0; i < requests; i++) {
            script.add(reaction);
        }
    }

    /** Every request without a scripted reaction gets {@code reaction}. */
    public synchronized void answerAlways(Reaction reaction) {
        closeGateFor(reaction);
        always = reaction;
    }

    /** A stall after a {@link #release()} waits for the next release; the released gate stays open for requests already stalled. */
    private void closeGateFor(Reaction reaction) {
        if (reaction instanceof Reaction.Stall && stallGate.getCount() == 0) {
            stallGate = new CountDownLatch(1);
        }
    }

    public void failNext(int requests, Status.Code code) {
        answerNext(requests, new Reaction.Fail(code));
    }

    public void failNextHttp(int requests, int httpStatus) {
        answerNext(requests, new Reaction.Fail(Status.Code.UNKNOWN, httpStatus));
    }

    public void failAlways(Status.Code code) {
        answerAlways(new Reaction.Fail(code));
    }

    public void throttleNext(int requests, Duration delay) {
        answerNext(requests, new Reaction.Throttle(delay));
    }

    public void partialSuccessNext(int requests, long rejected, String message) {
        answerNext(requests, new Reaction.PartialSuccess(rejected, message));
    }

    public void resetNext(int requests) {
        answerNext(requests, Reaction.RESET);
    }

    public void stallNext(int requests) {
        answerNext(requests, Reaction.STALL);
    }

    /** Every request from now on goes unanswered until {@link #release()}. */
    public void stall() {
        answerAlways(Reaction.STALL);
    }

    /** Answers stalled requests with success and stops stalling. */
    public void release() {
        CountDownLatch gate;
        synchronized (this) {
            gate = stallGate;
            script.removeIf(reaction -> reaction instanceof Reaction.Stall);
            if (always instanceof Reaction.Stall) {
                always = Reaction.ACCEPT;
            }
        }
        gate.countDown();
    }

    /** The gRPC endpoint resets every connection until {@link #comeBack()}, as a collector that went away. */
    public void goAway() {
        relay.down();
    }

    public void comeBack() {
        relay.up();
    }

    /** Back to answering every request with success. */
    public synchronized void acceptAll() {
        script.clear();
        always = Reaction.ACCEPT;
    }

    /**
     * From now on trace requests holding data of this {@code service.name} are refused with
     * INVALID_ARGUMENT / 400, as a collector refuses data it cannot take.
     */
    public void rejectService(String serviceName) {
        rejectedService = serviceName;
    }

    /**
     * Applies content checks and slowness to a scripted reaction, and records the span ids of a
     * request that is answered with success: what the upstream took.
     */
    private Reaction judged(Signal signal, byte[] body, Reaction reaction) {
        if (reaction instanceof Reaction.Slow slow) {
            try {
                Thread.sleep(slow.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reaction = Reaction.ACCEPT;
        }
        if (signal != Signal.TRACES || !(reaction instanceof Reaction.Accept || reaction instanceof Reaction.PartialSuccess)) {
            return reaction;
        }
        ExportTraceServiceRequest request = (ExportTraceServiceRequest) parse(signal, body);
        List<Long> ids = new ArrayList<>();
        boolean rejected = false;
        for (var resource : request.getResourceSpansList()) {
            rejected |= resource.getResource().getAttributesList().stream().anyMatch(attribute ->
                    attribute.getKey().equals("service.name") && attribute.getValue().getStringValue().equals(rejectedService));
            for (var scope : resource.getScopeSpansList()) {
                for (var span : scope.getSpansList()) {
                    ids.add(spanId(span.getSpanId()));
                }
            }
        }
        if (rejected) {
            return new Reaction.Fail(Status.Code.INVALID_ARGUMENT);
        }
        synchronized (this) {
            acceptedSpanIds.addAll(ids);
        }
        return reaction;
    }

    /** Spans in trace requests answered with success, duplicates included. */
    public synchronized int acceptedSpans() {
        return acceptedSpanIds.size();
    }

    /** An 8-byte span id as a number (ByteString's hash collides for counting ids, which slows every set of them). */
    public static long spanId(ByteString id) {
        return id.size() == Long.BYTES ? id.asReadOnlyByteBuffer().getLong() : -id.size();
    }

    /** The span id of every span in a trace request answered with success, in arrival order, duplicates included. */
    public synchronized List<Long> acceptedSpanIds() {
        return List.copyOf(acceptedSpanIds);
    }

    // ---- what was received ----

    public synchronized List<ReceivedRequest> received() {
        return List.copyOf(received);
    }

    public List<ReceivedRequest> received(Signal signal) {
        return received().stream().filter(r -> r.signal() == signal).toList();
    }

    /** Spans in every trace request received, failed ones included. */
    public int receivedSpans() {
        return items(Signal.TRACES);
    }

    public int receivedDataPoints() {
        return items(Signal.METRICS);
    }

    public int receivedLogRecords() {
        return items(Signal.LOGS);
    }

    private int items(Signal signal) {
        return received(signal).stream().mapToInt(ReceivedRequest::items).sum();
    }

    /** Distinct client connections (address and port) requests arrived on. */
    public Set<String> connections() {
        Set<String> seen = new LinkedHashSet<>();
        received().forEach(r -> seen.add(r.remoteAddress()));
        return seen;
    }

    /** Waits (up to 30 s) until at least {@code requests} requests have arrived, and returns them all. */
    public List<ReceivedRequest> await(int requests) {
        return await(requests, AWAIT_TIMEOUT);
    }

    public synchronized List<ReceivedRequest> await(int requests, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < requests) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + requests + " requests at the test upstream within " + timeout
                        + ", received " + received.size());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while awaiting requests", e);
            }
        }
        return List.copyOf(received);
    }

    /** Forgets what was received. */
    public synchronized void clear() {
        received.clear();
    }

    /** From now on requests without one of these header values are refused with UNAUTHENTICATED / 401, as a wrong API key is. */
    public void requireHeader(String name, String... values) {
        requireHeader(name, Set.of(values)::contains);
    }

    /** From now on requests whose header value {@code valid} does not accept (or without the header) are refused as above. */
    public void requireHeader(String name, Predicate<String> valid) {
        requiredHeader = Map.entry(name.toLowerCase(Locale.ROOT), valid);
    }

    private synchronized Reaction record(ReceivedRequest request) {
        received.add(request);
        notifyAll();
        Map.Entry<String, Predicate<String>> required = requiredHeader;
        String presented = required == null ? null : request.header(required.getKey());
        if (required != null && (presented == null || !required.getValue().test(presented))) {
            return new Reaction.Fail(Status.Code.UNAUTHENTICATED);
        }
        Reaction next = script.poll();
        return next != null ? next : always;
    }

    private synchronized CountDownLatch stallGate() {
        return stallGate;
    }

    private void awaitRelease() {
        try {
            stallGate().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- gRPC ----

    private ServerServiceDefinition service(Signal signal) {
        return ServerServiceDefinition.builder(signal.grpcService())
                .addMethod(ByteArrayMarshaller.exportMethod(signal), ServerCalls.asyncUnaryCall((request, observer) -> handleGrpc(signal, request, observer)))
                .build();
    }

    private void handleGrpc(Signal signal, byte[] body, StreamObserver<byte[]> observer) {
        Metadata metadata = HEADERS.get();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String key : metadata.keys()) {
            if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                headers.put(key, metadata.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)));
            }
        }
        int backendSidePort = ((InetSocketAddress) REMOTE.get()).getPort();
        String encoding = headers.getOrDefault("grpc-encoding", "identity");
        Reaction reaction = record(new ReceivedRequest(signal, "grpc", signal.grpcExportMethod(), body, encoding, headers,
                relay.clientAddress(backendSidePort), clientCertificate(TLS_SESSION.get()), System.nanoTime(), parse(signal, body)));
        if (reaction instanceof Reaction.Stall) {
            awaitRelease();
            reaction = Reaction.ACCEPT;
        }
        reaction = judged(signal, body, reaction);
        if (reaction instanceof Reaction.Reset) {
            relay.reset(backendSidePort);
        } else if (reaction instanceof Reaction.Fail fail) {
            observer.onError(fail.grpcCode().toStatus().withDescription("test upstream fails on purpose").asRuntimeException());
        } else if (reaction instanceof Reaction.Throttle throttle) {
            observer.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Status.Code.RESOURCE_EXHAUSTED.value())
                    .setMessage("test upstream throttles on purpose")
                    .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(protoDuration(throttle.delay())).build()))
                    .build()));
        } else {
            try {
                observer.onNext(response(signal, reaction));
                observer.onCompleted();
            } catch (RuntimeException cancelled) {
                // the client gave up (deadline) while the request was stalled
            }
        }
    }

    /** The certificate the client presented in {@code session}; null without TLS or without a client certificate. */
    private static X509Certificate clientCertificate(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            return (X509Certificate) session.getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException none) {
            return null;
        }
    }

    private static com.google.protobuf.Duration protoDuration(Duration duration) {
        return com.google.protobuf.Duration.newBuilder().setSeconds(duration.getSeconds()).setNanos(duration.getNano()).build();
    }

    /** Keeps each call's headers and remote address for the handler. */
    private static final class CaptureCallInfo implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            Context context = Context.current()
                    .withValue(HEADERS, headers)
                    .withValue(REMOTE, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR))
                    .withValue(TLS_SESSION, call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
            return Contexts.interceptCall(context, call, headers, next);
        }
    }

    // ---- HTTP ----

    private void handleHttp(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Signal signal = signalOf(path);
            if (signal == null || !exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            String encoding = headers.getOrDefault("content-encoding", "identity");
            byte[] body = decode(exchange.getRequestBody().readAllBytes(), encoding);
            Reaction reaction = record(new ReceivedRequest(signal, "http", path, body, encoding, headers,
                    exchange.getRemoteAddress().toString(),
                    clientCertificate(exchange instanceof HttpsExchange https ? https.getSSLSession() : null),
                    System.nanoTime(), parse(signal, body)));
            if (reaction instanceof Reaction.Stall) {
                awaitRelease();
                reaction = Reaction.ACCEPT;
            }
            reaction = judged(signal, body, reaction);
            if (reaction instanceof Reaction.Reset) {
                return; // closing without a response drops the connection
            }
            if (reaction instanceof Reaction.Fail fail) {
                respond(exchange, fail.httpStatus(), rpcStatus(fail.grpcCode(), "test upstream fails on purpose"));
            } else if (reaction instanceof Reaction.Throttle throttle) {
                long seconds = (throttle.delay().toMillis() + 999) / 1000;
                exchange.getResponseHeaders().set("Retry-After", Long.toString(seconds));
                respond(exchange, 429, rpcStatus(Status.Code.RESOURCE_EXHAUSTED, "test upstream throttles on purpose"));
            } else {
                respond(exchange, 200, response(signal, reaction));
            }
        }
    }

    private static Signal signalOf(String path) {
        for (Signal signal : Signal.values()) {
            if (path.endsWith(signal.httpPath())) {
                return signal;
            }
        }
        return null;
    }

    private static byte[] decode(byte[] body, String encoding) throws IOException {
        return switch (encoding) {
            case "gzip" -> {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    yield in.readAllBytes();
                }
            }
            case "zstd" -> ZstdDecompressor.decompress(body, MAX_BODY, Reservation.NONE);
            default -> body;
        };
    }

    private static byte[] rpcStatus(Status.Code code, String message) {
        return com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message).build().toByteArray();
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static HttpsServer httpsServer(ServerTls tls) throws IOException {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", tls.key(), new char[0], tls.chain());
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, new char[0]);
            TrustManagerFactory trustManagers = null;
            if (tls.clientCa() != null) {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                trusted.setCertificateEntry("client-ca", tls.clientCa());
                trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trustManagers.init(trusted);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers == null ? null : trustManagers.getTrustManagers(), null);
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            boolean needClientAuth = tls.clientCa() != null;
            server.setHttpsConfigurator(new HttpsConfigurator(context) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters parameters = context.getDefaultSSLParameters();
                    parameters.setNeedClientAuth(needClientAuth);
                    params.setSSLParameters(parameters);
                }
            });
            return server;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for the test upstream: " + e.getMessage(), e);
        }
    }

    // ---- OTLP messages ----

    private static Message parse(Signal signal, byte[] body) {
        try {
            return switch (signal) {
                case TRACES -> ExportTraceServiceRequest.parseFrom(body);
                case METRICS -> ExportMetricsServiceRequest.parseFrom(body);
                case LOGS -> ExportLogsServiceRequest.parseFrom(body);
            };
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the test upstream received an invalid " + signal.key() + " request", e);
        }
    }

    private static byte[] response(Signal signal, Reaction reaction) {
        if (!(reaction instanceof Reaction.PartialSuccess partial)) {
            return new byte[0];
        }
        return switch (signal) {
            case TRACES -> ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(partial.rejected()).setErrorMessage(partial.message())).build().toByteArray();
            case METRICS -> ExportMetricsServiceResponse.newBuilder().setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                    .setRejectedDataPoints(partial.rejected()).setErrorMessage(partial.message())).build().toByteArray();
            case LOGS -> ExportLogsServiceResponse.newBuilder().setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                    .setRejectedLogRecords(partial.rejected()).setErrorMessage(partial.message())).build().toByteArray();
        };
    }

    @Override
    public void close() {
        release();
        relay.close();
        grpc.shutdownNow();
        http.stop(0);
        httpThreads.shutdownNow();
        try {
            grpc.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
