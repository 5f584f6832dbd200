package dev.otlp.bench.jmh;

import dev.otlp.bench.SpanRequests;

/** The benchmarks' input: the end-to-end benchmark's realistic 512-span trace requests, always the same ones. */
final class TraceRequests {

    static final int SPANS_PER_REQUEST = 512;
    private static final long SEED = 4317;

    private TraceRequests() {
    }

    static byte[][] generate(int count) {
        return SpanRequests.generate(count, SPANS_PER_REQUEST, SEED).toArray(byte[][]::new);
    }
}
