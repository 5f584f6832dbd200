package dev.otlp.runtime.otlp;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Leaves gRPC messages serialized, so that receivers and exporters handle OTLP export requests
 * and responses as the bytes they travel as. Outbound, gRPC drains the array in one write, without
 * copying it through a buffer; inbound, a message of known length is read into one exact array.
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
        return new MessageStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
        try {
            if (stream instanceof KnownLength) {
                return readKnownLength(stream);
            }
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readKnownLength(InputStream stream) throws IOException {
        byte[] message = new byte[stream.available()];
        int read = 0;
        while (read < message.length) {
            int n = stream.read(message, read, message.length - read);
            if (n < 0) {
                throw new IOException("message ended after " + read + " of " + message.length + " bytes");
            }
            read += n;
        }
        if (stream.read() >= 0) {
            throw new IOException("message longer than the " + message.length + " bytes it announced");
        }
        return message;
    }

    /** A serialized message that gRPC writes to its frame in one call. */
    private static final class MessageStream extends ByteArrayInputStream implements Drainable, KnownLength {

        MessageStream(byte[] message) {
            super(message);
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int length = count - pos;
            target.write(buf, pos, length);
            pos = count;
            return length;
        }
    }
}
