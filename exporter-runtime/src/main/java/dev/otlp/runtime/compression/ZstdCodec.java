package dev.otlp.runtime.compression;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.grpc.Codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * gRPC message encoding {@code zstd}, as the OpenTelemetry Collector registers it. Registered in
 * both the compressor and decompressor registries, it is advertised in {@code grpc-accept-encoding}.
 * <p>
 * Outbound, a message written in one call (as gRPC drains a {@code byte[]} message) is compressed
 * straight from the caller's array into one frame with a reused context and buffer. A message
 * written in pieces becomes consecutive frames, small pieces gathered first; zstd decoders read
 * concatenated frames as the concatenation of their contents.
 */
public final class ZstdCodec implements Codec {

    public static final String NAME = "zstd";

    /** Pieces smaller than this are gathered before they are compressed. */
    static final int MIN_FRAME_INPUT = 16 << 10;

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
        return new FrameWriter(os);
    }

    @Override
    public InputStream decompress(InputStream is) throws IOException {
        return new ZstdInputStreamNoFinalizer(is);
    }

    private final class FrameWriter extends OutputStream {
        private final OutputStream target;
        private ByteArrayOutputStream pieces;
        private boolean framed;
        private boolean closed;

        FrameWriter(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("stream closed");
            }
            if (len >= MIN_FRAME_INPUT) {
                writeGathered();
                frame(b, off, len);
                return;
            }
            if (pieces == null) {
                pieces = new ByteArrayOutputStream(MIN_FRAME_INPUT);
            }
            pieces.write(b, off, len);
            if (pieces.size() >= MIN_FRAME_INPUT) {
                writeGathered();
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            writeGathered();
            if (!framed) {
                frame(new byte[0], 0, 0);
            }
            closed = true;
            target.close();
        }

        private void writeGathered() throws IOException {
            if (pieces != null && pieces.size() > 0) {
                frame(pieces.toByteArray(), 0, pieces.size());
                pieces.reset();
            }
        }

        private void frame(byte[] b, int off, int len) throws IOException {
            compressor.compressTo(b, off, len, target);
            framed = true;
        }
    }
}
