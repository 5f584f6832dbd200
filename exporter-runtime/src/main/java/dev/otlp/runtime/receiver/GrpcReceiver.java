package dev.otlp.runtime.receiver;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dev.otlp.runtime.compression.ZstdCodec;
import dev.otlp.runtime.config.ReceiverConfig;
import dev.otlp.runtime.otlp.ByteArrayMarshaller;
import dev.otlp.runtime.otlp.MalformedRequestException;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.Admission;
import dev.otlp.runtime.pipeline.Intake;
import dev.otlp.runtime.telemetry.RateLimitedLog;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import dev.otlp.runtime.telemetry.RuntimeMetrics.Outcome;
import dev.otlp.runtime.telemetry.RuntimeMetrics.ReceiverTransport;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.DecompressorRegistry;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * OTLP/gRPC receiver: {@code TraceService}, {@code MetricsService} and {@code LogsService}
 * {@code Export} on one port, handling requests as serialized bytes. Accepts gzip and zstd
 * message encodings, checks the API key when one is configured, and answers with the OTLP
 * status codes: RESOURCE_EXHAUSTED with RetryInfo when the queue is full or the decode budget is
 * spent (retryable), UNAVAILABLE when shutting down, INVALID_ARGUMENT for malformed requests and
 * corrupt compression, RESOURCE_EXHAUSTED without RetryInfo for requests too large to take.
 */
public final class GrpcReceiver {

    private static final byte[] EMPTY_RESPONSE = new byte[0];
    private static final Context.Key<Long> ARRIVAL_NANOS = Context.key("otlp-arrival-nanos");
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String QUEUE_FULL_MESSAGE = "the exporter's queue is full; retry later";
    private static final Status SHUTTING_DOWN = Status.UNAVAILABLE
            .withDescription("the exporter is shutting down; retry, another replica will take the data");

    private final ReceiverConfig config;
    private final ReceiverCredentials credentials;
    private final Reception reception;
    private final ApiKeyCheck apiKey;
    private final Metadata.Key<String> apiKeyHeader;
    private final MethodDescriptor.Marshaller<ReceivedRequest> requests;
    private final RateLimitedLog clientErrors =
            new RateLimitedLog(LoggerFactory.getLogger(GrpcReceiver.class), java.time.Duration.ofSeconds(10));
    private final GrpcMessageLimit messageLimit;
    private Server server;

    public GrpcReceiver(ReceiverConfig config, ReceiverCredentials credentials, Intake intake, RuntimeMetrics metrics,
                        DecodeBudget budget) {
        this.config = config;
        this.credentials = credentials;
        this.reception = new Reception(intake, metrics, ReceiverTransport.GRPC);
        this.apiKey = credentials.apiKeys();
        this.apiKeyHeader = Metadata.Key.of(apiKey.header(), Metadata.ASCII_STRING_MARSHALLER);
        this.requests = ReceivedRequest.marshaller(budget, config.maxRequestSize());
        this.messageLimit = new GrpcMessageLimit(reception, clientErrors, config.maxRequestSize());
    }

    /** Binds {@code config.host():config.grpcPort()} (0: an ephemeral port) and starts serving. */
    public synchronized GrpcReceiver start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("the gRPC receiver was already started");
        }
        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(config.host(), config.grpcPort()))
                .maxInboundMessageSize((int) Math.min(config.maxRequestSize(), Integer.MAX_VALUE))
                .addStreamTracerFactory(messageLimit)
                .decompressorRegistry(DecompressorRegistry.getDefaultInstance().with(new ZstdCodec(1), true))
                // Export only checks the request's framing and hands it over without blocking
                // (Intake's contract), so it runs on the transport threads without a hand-off.
                .directExecutor();
        if (config.hasTls()) {
            builder.sslContext(sslContext());
        }
        for (Signal signal : Signal.values()) {
            builder.addService(ServerInterceptors.intercept(service(signal), new Admittance(signal)));
        }
        server = builder.build().start();
        return this;
    }

    /** The bound port; the ephemeral one when configured with 0. */
    public int port() {
        return server.getPort();
    }

    /** Stops accepting new calls; calls in progress still complete. */
    public synchronized void shutdown() {
        if (server != null) {
            server.shutdown();
        }
    }

    /** @return whether every call finished and the server terminated within {@code timeout} */
    public boolean awaitTermination(java.time.Duration timeout) throws InterruptedException {
        return server == null || server.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private io.grpc.netty.shaded.io.netty.handler.ssl.SslContext sslContext() {
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forServer(credentials.serverKey())).build();
        } catch (SSLException e) {
            throw new UncheckedIOException("cannot set up TLS for the gRPC receiver: " + e.getMessage(), e);
        }
    }

    private ServerServiceDefinition service(Signal signal) {
        MethodDescriptor<ReceivedRequest, byte[]> export = ByteArrayMarshaller.exportMethod(signal)
                .toBuilder(requests, ByteArrayMarshaller.INSTANCE).build();
        return ServerServiceDefinition.builder(signal.grpcService())
                .addMethod(export, ServerCalls.asyncUnaryCall((request, response) -> {
                    try {
                        export(signal, request, response);
                    } finally {
                        request.release();
                    }
                }))
                .build();
    }

    private void export(Signal signal, ReceivedRequest request, StreamObserver<byte[]> response) {
        long arrival = ARRIVAL_NANOS.get();
        if (request.refused()) {
            reception.rejected(signal, request.refusal, arrival);
            clientErrors.warn("refused an OTLP/gRPC " + signal.key() + " request: " + request.problem);
            response.onError(switch (request.refusal) {
                case OVERLOADED -> retryLater(request.problem);
                case TOO_LARGE -> Status.RESOURCE_EXHAUSTED.withDescription(request.problem).asRuntimeException();
                default -> Status.INVALID_ARGUMENT.withDescription(request.problem).asRuntimeException();
            });
            return;
        }
        Admission admission;
        try {
            admission = reception.admit(signal, request.bytes, arrival);
        } catch (MalformedRequestException e) {
            clientErrors.warn("refused an OTLP/gRPC " + signal.key() + " request: " + e.getMessage());
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        switch (admission) {
            case ACCEPTED -> {
                response.onNext(EMPTY_RESPONSE);
                response.onCompleted();
            }
            case QUEUE_FULL -> response.onError(retryLater(QUEUE_FULL_MESSAGE));
            case SHUTTING_DOWN -> response.onError(SHUTTING_DOWN.asRuntimeException());
            // RESOURCE_EXHAUSTED without RetryInfo: not retryable in OTLP.
            case TOO_LARGE -> response.onError(Status.RESOURCE_EXHAUSTED.withDescription(reception.tooLargeMessage(signal, request.bytes))
                    .asRuntimeException());
        }
    }

    /** RESOURCE_EXHAUSTED is retryable in OTLP only when it carries RetryInfo. */
    private static StatusRuntimeException retryLater(String message) {
        RetryInfo retryInfo = RetryInfo.newBuilder()
                .setRetryDelay(Duration.newBuilder().setSeconds(Reception.RETRY_AFTER_SECONDS))
                .build();
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.RESOURCE_EXHAUSTED_VALUE)
                .setMessage(message)
                .addDetails(Any.pack(retryInfo))
                .build());
    }

    /** Notes each call's arrival time and turns away calls without the API key. */
    private final class Admittance implements ServerInterceptor {

        private final Signal signal;

        Admittance(Signal signal) {
            this.signal = signal;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            long arrival = System.nanoTime();
            if (apiKey.required() && !apiKey.accepts(headers.get(apiKeyHeader), headers.get(AUTHORIZATION))) {
                reception.rejected(signal, Outcome.UNAUTHENTICATED, arrival);
                call.close(Status.UNAUTHENTICATED.withDescription("missing or invalid API key"), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            ServerCall.Listener<Q> listener =
                    Contexts.interceptCall(Context.current().withValue(ARRIVAL_NANOS, arrival), call, headers, next);
            return new ReleasingOnCancel<>(listener);
        }
    }

    /** A request read but cancelled before it was handled still returns its memory to the decode budget. */
    private static final class ReleasingOnCancel<Q> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {

        private ReceivedRequest request;

        ReleasingOnCancel(ServerCall.Listener<Q> delegate) {
            super(delegate);
        }

        @Override
        public void onMessage(Q message) {
            if (message instanceof ReceivedRequest received) {
                request = received;
            }
            super.onMessage(message);
        }

        @Override
        public void onCancel() {
            if (request != null) {
                request.release();
            }
            super.onCancel();
        }
    }
}
