package dev.otlp.runtime.compression;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;

import java.util.Arrays;

/**
 * Whole-buffer zstd compression at one level, reusing a native context per thread: creating a
 * context per call costs ten times the compression itself. Frames record their content size.
 */
public final class ZstdCompressor {

    private final int level;
    private final ThreadLocal<ZstdCompressCtx> contexts;

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
        byte[] out = new byte[(int) Zstd.compressBound(length)];
        int written = contexts.get().compressByteArray(out, 0, out.length, input, offset, length);
        return Arrays.copyOf(out, written);
    }
}
