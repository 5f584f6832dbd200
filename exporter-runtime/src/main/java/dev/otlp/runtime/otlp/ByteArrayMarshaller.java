package dev.otlp.runtime.otlp;

import io.grpc.MethodDescriptor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Leaves gRPC messages serialized, so that receivers and exporters handle OTLP export requests
 * and responses as the bytes they travel as.
 */
public enum ByteArrayMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    private static final Map<Signal, MethodDescriptor<byte[], byte[]>> EXPORT_METHODS = new EnumMap<>(Signal.class);

    static {
        for (Signal signal : Signal.values()) {
            EXPORT_METHODS.put(signal, MethodDescriptor.<byte[], byte[]>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(signal.grpcExportMethod())
                    .setRequestMarshaller(INSTANCE)
                    .setResponseMarshaller(INSTANCE)
                    .build());
        }
    }

    /** The signal's unary {@code Export} method, with request and response left as bytes. */
    public static MethodDescriptor<byte[], byte[]> exportMethod(Signal signal) {
        return EXPORT_METHODS.get(signal);
    }

    @Override
    public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
        try {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
