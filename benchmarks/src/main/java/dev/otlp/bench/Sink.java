package dev.otlp.bench;

import dev.otlp.runtime.otlp.ByteArrayMarshaller;
import dev.otlp.runtime.compression.ZstdCodec;
import dev.otlp.runtime.otlp.MalformedRequestException;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.otlp.WireFormat;
import io.grpc.DecompressorRegistry;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The upstream: an OTLP/gRPC trace server on loopback that accepts zstd and gzip, counts the spans
 * of each request by walking its bytes, counts the bytes that crossed the wire, and answers with
 * an empty success. It has event loops of its own, so that a busy load generator in the same JVM
 * does not slow its answers.
 */
final class Sink implements AutoCloseable {

    private static final byte[] EMPTY_RESPONSE = new byte[0];

    private final LongAdder spans = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder wireBytes = new LongAdder();
    private final LongAdder uncompressedBytes = new LongAdder();
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Server server;

    private Sink() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .channelType(NioServerSocketChannel.class)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .directExecutor()
                .maxInboundMessageSize(64 << 20)
                .decompressorRegistry(DecompressorRegistry.getDefaultInstance().with(new ZstdCodec(1), true))
                .addStreamTracerFactory(new ByteCounter())
                .addService(ServerServiceDefinition.builder(Signal.TRACES.grpcService())
                        .addMethod(ByteArrayMarshaller.exportMethod(Signal.TRACES), ServerCalls.asyncUnaryCall(this::export))
                        .build())
                .build()
                .start();
    }

    static Sink start() throws IOException {
        return new Sink();
    }

    int port() {
        return server.getPort();
    }

    Counts counts() {
        return new Counts(spans.sum(), requests.sum(), malformed.sum(), wireBytes.sum(), uncompressedBytes.sum());
    }

    private void export(byte[] request, StreamObserver<byte[]> response) {
        int items;
        try {
            items = WireFormat.countItems(Signal.TRACES, request);
        } catch (MalformedRequestException e) {
            malformed.increment();
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        spans.add(items);
        requests.increment();
        response.onNext(EMPTY_RESPONSE);
        response.onCompleted();
    }

    @Override
    public void close() {
        try {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** What the sink has received since it started; subtract two snapshots for a window. */
    record Counts(long spans, long requests, long malformed, long wireBytes, long uncompressedBytes) {

        Counts minus(Counts earlier) {
            return new Counts(spans - earlier.spans, requests - earlier.requests, malformed - earlier.malformed,
                    wireBytes - earlier.wireBytes, uncompressedBytes - earlier.uncompressedBytes);
        }
    }

    private final class ByteCounter extends ServerStreamTracer.Factory {

        @Override
        public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
            return new ServerStreamTracer() {
                @Override
                public void inboundWireSize(long bytes) {
                    wireBytes.add(bytes);
                }

                @Override
                public void inboundUncompressedSize(long bytes) {
                    uncompressedBytes.add(bytes);
                }
            };
        }
    }
}
