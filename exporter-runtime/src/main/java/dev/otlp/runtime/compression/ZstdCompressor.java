package dev.otlp.runtime.compression;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Whole-buffer zstd compression at one level, reusing a native context per thread: creating a
 * context per call costs ten times the compression itself. Frames record their content size.
 */
public final class ZstdCompressor {

    /** The largest output buffer a thread keeps between calls; larger frames get a buffer of their own. */
    private static final int MAX_KEPT_SCRATCH = 4 << 20;

    private final int level;
    private final ThreadLocal<ZstdCompressCtx> contexts;
    private final ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[0]);

    public ZstdCompressor(int level) {
        this.level = level;
        this.contexts = ThreadLocal.withInitial(() -> new ZstdCompressCtx().setLevel(level).setContentSize(true));
    }

    public int level() {
        return level;
    }

    public byte[] compress(byte[] input) {
        return compress(input, 0, input.length);
    }

    public byte[] compress(byte[] input, int offset, int length) {
        byte[] out = outputBuffer(length);
        int written = contexts.get().compressByteArray(out, 0, out.length, input, offset, length);
        return Arrays.copyOf(out, written);
    }

    /** Compresses the range into one frame written to {@code target} in one call; returns the frame's size. */
    public int compressTo(byte[] input, int offset, int length, OutputStream target) throws IOException {
        byte[] out = outputBuffer(length);
        int written = contexts.get().compressByteArray(out, 0, out.length, input, offset, length);
        target.write(out, 0, written);
        return written;
    }

    private byte[] outputBuffer(int inputLength) {
        int bound = Math.toIntExact(Zstd.compressBound(inputLength));
        byte[] kept = scratch.get();
        if (kept.length >= bound) {
            return kept;
        }
        byte[] grown = new byte[bound];
        if (bound <= MAX_KEPT_SCRATCH) {
            scratch.set(grown);
        }
        return grown;
    }
}
