package dev.otlp.bench;

import dev.otlp.runtime.compression.ZstdCodec;
import dev.otlp.runtime.otlp.ByteArrayMarshaller;
import dev.otlp.runtime.otlp.Signal;
import io.grpc.CallOptions;
import io.grpc.CompressorRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Trace export calls over raw grpc-java with a byte[] marshaller, spread round-robin over a few channels. */
final class GrpcTransport implements LoadGenerator.Transport {

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<byte[]> requests;
    private final CallOptions callOptions;
    private int next;

    /** @param zstdLevel 0 to send uncompressed, otherwise the zstd level of {@code grpc-encoding: zstd} */
    GrpcTransport(String host, int port, int connections, int zstdLevel, List<byte[]> requests) {
        this.requests = requests;
        CompressorRegistry compressors = CompressorRegistry.getDefaultInstance();
        CallOptions options = CallOptions.DEFAULT;
        if (zstdLevel > 0) {
            compressors = CompressorRegistry.newEmptyInstance();
            compressors.register(new ZstdCodec(zstdLevel));
            options = options.withCompression(ZstdCodec.NAME);
        }
        this.callOptions = options;
        for (int i = 0; i < connections; i++) {
            channels.add(NettyChannelBuilder.forAddress(host, port)
                    .usePlaintext()
                    .directExecutor()
                    .compressorRegistry(compressors)
                    .build());
        }
    }

    /** Called from the load generator's one sending thread. */
    @Override
    public void send(int variant, LoadGenerator.Answer answer) {
        ManagedChannel channel = channels.get(next++ % channels.size());
        ClientCalls.asyncUnaryCall(channel.newCall(ByteArrayMarshaller.exportMethod(Signal.TRACES), callOptions),
                requests.get(variant), new StreamObserver<>() {
                    @Override
                    public void onNext(byte[] response) {
                    }

                    @Override
                    public void onCompleted() {
                        answer.acknowledged();
                    }

                    @Override
                    public void onError(Throwable error) {
                        Status status = Status.fromThrowable(error);
                        if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                            answer.refused();
                        } else {
                            answer.failed(status.getCode() + ": " + status.getDescription());
                        }
                    }
                });
    }

    @Override
    public void close() {
        channels.forEach(ManagedChannel::shutdownNow);
        try {
            for (ManagedChannel channel : channels) {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
