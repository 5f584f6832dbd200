package dev.otlp.runtime.compression;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.grpc.Codec;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * gRPC message encoding {@code zstd}, as the OpenTelemetry Collector registers it. Registered in
 * both the compressor and decompressor registries, it is advertised in {@code grpc-accept-encoding}.
 * Outbound messages are buffered and compressed whole with a reused context.
 */
public final class ZstdCodec implements Codec {

    public static final String NAME = "zstd";

    private final ZstdCompressor compressor;

    public ZstdCodec(int level) {
        this.compressor = new ZstdCompressor(level);
    }

    @Override
    public String getMessageEncoding() {
        return NAME;
    }

    @Override
    public OutputStream compress(OutputStream os) {
        return new FilterOutputStream(new ByteArrayOutputStream()) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                ByteArrayOutputStream buffer = (ByteArrayOutputStream) out;
                byte[] raw = buffer.toByteArray();
                os.write(compressor.compress(raw));
                os.close();
            }
        };
    }

    @Override
    public InputStream decompress(InputStream is) throws IOException {
        return new ZstdInputStreamNoFinalizer(is);
    }
}
