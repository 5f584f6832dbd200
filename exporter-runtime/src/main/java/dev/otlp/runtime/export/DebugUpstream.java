package dev.otlp.runtime.export;

import dev.otlp.runtime.compression.ZstdCompressor;
import dev.otlp.runtime.config.PerformanceConfig;
import dev.otlp.runtime.config.PerformanceConfig.Compression;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;

/**
 * The {@code debug} endpoint: sends nothing, logs one line per batch with its size before and
 * after the configured compression, and reports every batch delivered.
 */
public final class DebugUpstream implements Upstream {

    private static final Logger LOG = LoggerFactory.getLogger(DebugUpstream.class);

    private final Compression compression;
    private final long minCompressionSize;
    private final ZstdCompressor zstd;
    private final RuntimeMetrics metrics;

    public DebugUpstream(PerformanceConfig performance, RuntimeMetrics metrics) {
        this.compression = performance.effectiveCompression();
        this.minCompressionSize = performance.minCompressionSize();
        this.zstd = new ZstdCompressor(performance.compressionLevel());
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<Delivery> send(Signal signal, byte[] request, int items, long expiresAtMillis) {
        String size = kib(request.length);
        if (compression != Compression.NONE && request.length >= minCompressionSize) {
            long compressed = compressedSize(request);
            metrics.compressed(request.length, compressed);
            LOG.info("debug upstream: {} batch, {}={}, {}, {} {}", signal.key(), signal.itemName(), items, size,
                    compression.key(), kib(compressed));
        } else {
            metrics.compressed(request.length, request.length);
            LOG.info("debug upstream: {} batch, {}={}, {}, uncompressed", signal.key(), signal.itemName(), items, size);
        }
        return CompletableFuture.completedFuture(Delivery.success(items));
    }

    private long compressedSize(byte[] request) {
        if (compression == Compression.ZSTD) {
            return zstd.compress(request).length;
        }
        CountingStream counter = new CountingStream();
        try (OutputStream gzip = new GZIPOutputStream(counter)) {
            gzip.write(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return counter.count;
    }

    private static String kib(long bytes) {
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }

    @Override
    public int activeConnections() {
        return 0;
    }

    @Override
    public void close() {
    }

    private static final class CountingStream extends ByteArrayOutputStream {
        long count;

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }

        @Override
        public void write(int b) {
            count++;
        }
    }
}
