package dev.otlp.runtime.export;

import dev.otlp.runtime.compression.ZstdCodec;
import dev.otlp.runtime.config.PerformanceConfig;
import dev.otlp.runtime.config.PerformanceConfig.Compression;
import dev.otlp.runtime.config.RuntimeConfig;
import dev.otlp.runtime.otlp.ByteArrayMarshaller;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.reload.CredentialWatcher;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientStreamTracer;
import io.grpc.Codec;
import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OTLP/gRPC: calls the signal's {@code Export} method with the serialized request as it is,
 * over a {@link ChannelPool}. Batches of at least {@code min_compression_size} bytes travel with
 * {@code grpc-encoding} zstd or gzip. Compressed sizes are measured by a stream tracer as gRPC
 * writes them, so nothing is compressed twice.
 */
final class GrpcTransport implements Transport {

    private static final int MAX_RESPONSE_BYTES = 4 << 20;

    private final Endpoint endpoint;
    private final ChannelPool pool;
    private final Duration timeout;
    private final String encoding;
    private final long minCompressionSize;
    private final RuntimeMetrics metrics;

    GrpcTransport(RuntimeConfig config, RuntimeMetrics metrics, CredentialWatcher watcher) {
        PerformanceConfig performance = config.performance();
        this.endpoint = Endpoint.parse(config.otlp().endpoint(), config.tls().enableTls());
        this.timeout = config.otlp().timeout();
        this.metrics = metrics;
        Compression compression = performance.effectiveCompression();
        this.encoding = compression == Compression.NONE ? null : compression.key();
        this.minCompressionSize = performance.minCompressionSize();
        SslContext ssl = endpoint.tls() ? sslContext(TlsMaterial.from(config.tls(), watcher)) : null;
        ZstdCodec zstd = new ZstdCodec(performance.compressionLevel());
        CompressorRegistry compressors = CompressorRegistry.newEmptyInstance();
        compressors.register(new Codec.Gzip());
        compressors.register(zstd);
        DecompressorRegistry decompressors = DecompressorRegistry.getDefaultInstance().with(zstd, true);
        this.pool = new ChannelPool(() -> channel(performance, ssl, compressors, decompressors),
                performance.effectiveMinConnections(), performance.effectiveMaxConnections(), performance.maxLifetime());
    }

    private ManagedChannel channel(PerformanceConfig performance, SslContext ssl,
                                   CompressorRegistry compressors, DecompressorRegistry decompressors) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(endpoint.host(), endpoint.port())
                .compressorRegistry(compressors)
                .decompressorRegistry(decompressors)
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, performance.connectionTimeout().toMillis()))
                .maxInboundMessageSize(MAX_RESPONSE_BYTES)
                .userAgent("otlp-fleet-exporter");
        if (!performance.idleTimeout().isZero()) {
            builder.idleTimeout(performance.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (ssl == null) {
            builder.usePlaintext();
        } else {
            builder.sslContext(ssl);
        }
        return builder.build();
    }

    private SslContext sslContext(TlsMaterial tls) {
        // The JDK provider, so that verify_hostname = false is honoured by the trust manager.
        SslContextBuilder builder = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .trustManager(tls.trustManager())
                .protocols(tls.protocols());
        if (tls.keyManager() != null) {
            builder.keyManager(tls.keyManager());
        }
        if (!tls.cipherSuites().isEmpty()) {
            builder.ciphers(tls.cipherSuites());
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot build the TLS context for " + endpoint + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<Attempt> attempt(Signal signal, byte[] request, Map<String, String> headers) {
        CallOptions options = CallOptions.DEFAULT
                .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .withStreamTracerFactory(new SizeTracer(metrics));
        if (encoding != null && request.length >= minCompressionSize) {
            options = options.withCompression(encoding);
        }
        Metadata metadata = new Metadata();
        headers.forEach((name, value) -> metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
        ChannelPool.Pooled pooled;
        try {
            pooled = pool.acquire();
        } catch (IllegalStateException closed) {
            return CompletableFuture.completedFuture(new Attempt.Retryable("shutdown", closed.getMessage()));
        }
        CompletableFuture<Attempt> result = new CompletableFuture<>();
        ClientCall<byte[], byte[]> call = pooled.channel.newCall(ByteArrayMarshaller.exportMethod(signal), options);
        call.start(new ClientCall.Listener<>() {
            private byte[] response;

            @Override
            public void onMessage(byte[] message) {
                response = message;
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                pool.release(pooled);
                result.complete(status.isOk()
                        ? PartialSuccess.parse(signal, response)
                        : GrpcOutcomes.classify(status, trailers, endpoint.toString()));
            }
        }, metadata);
        call.request(1);
        call.sendMessage(request);
        call.halfClose();
        return result;
    }

    @Override
    public int activeConnections() {
        return pool.ready();
    }

    @Override
    public void resetConnectBackoff() {
        pool.resetConnectBackoff();
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Records a request's size before and after compression once gRPC has written it. */
    private static final class SizeTracer extends ClientStreamTracer.Factory {
        private final RuntimeMetrics metrics;

        SizeTracer(RuntimeMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
            AtomicLong uncompressed = new AtomicLong();
            AtomicLong wire = new AtomicLong();
            return new ClientStreamTracer() {
                @Override
                public void outboundUncompressedSize(long bytes) {
                    uncompressed.addAndGet(bytes);
                }

                @Override
                public void outboundWireSize(long bytes) {
                    wire.addAndGet(bytes);
                }

                @Override
                public void streamClosed(Status status) {
                    if (wire.get() > 0) {
                        metrics.compressed(uncompressed.get(), wire.get());
                    }
                }
            };
        }
    }
}
