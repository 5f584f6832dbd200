package dev.otlp.bench.jmh;

import dev.otlp.runtime.compression.Reservation;
import dev.otlp.runtime.compression.ZstdCodec;
import dev.otlp.runtime.compression.ZstdCompressor;
import dev.otlp.runtime.compression.ZstdDecompressor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Compressing one batch (a 512-span request, about 230 KB) with a reused per-thread context:
 * directly, as the HTTP transport does, and through the gRPC {@link ZstdCodec} stream, which
 * buffers the message before compressing it whole; and decompressing it, as the receivers do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ZstdBenchmark {

    private static final long MAX_DECOMPRESSED_BYTES = 64L << 20;

    @Param({"1", "3", "6"})
    public int level;

    private byte[] batch;
    private byte[] frame;
    private ZstdCompressor compressor;
    private ZstdCodec codec;
    private final CountingSink sink = new CountingSink();

    @Setup
    public void prepare() throws IOException {
        batch = TraceRequests.generate(1)[0];
        compressor = new ZstdCompressor(level);
        codec = new ZstdCodec(level);
        frame = compressor.compress(batch);
        if (!Arrays.equals(ZstdDecompressor.decompress(frame, MAX_DECOMPRESSED_BYTES, Reservation.NONE), batch)) {
            throw new IllegalStateException("zstd level " + level + " did not round-trip");
        }
    }

    @Benchmark
    public byte[] compress() {
        return compressor.compress(batch);
    }

    /** What gRPC does with a message under {@code grpc-encoding: zstd}: write it to the codec's stream, then close it. */
    @Benchmark
    public long compressThroughGrpcCodec() throws IOException {
        try (OutputStream out = codec.compress(sink)) {
            out.write(batch);
        }
        return sink.written;
    }

    @Benchmark
    public byte[] decompress() throws IOException {
        return ZstdDecompressor.decompress(frame, MAX_DECOMPRESSED_BYTES, Reservation.NONE);
    }

    /** Stands in for gRPC's outbound buffer: holds on to what was written, so the compressed frame escapes. */
    private static final class CountingSink extends OutputStream {

        private long written;
        @SuppressWarnings("PMD.UnusedPrivateField") // written only: holding the array is what makes it escape
        private byte[] last;

        @Override
        public void write(int b) {
            written++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            last = b;
            written += len;
        }
    }
}
