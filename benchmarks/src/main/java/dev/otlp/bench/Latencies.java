package dev.otlp.bench;

import java.util.Arrays;

/** Call latencies in nanoseconds, kept whole: a run holds tens of thousands at most. */
final class Latencies {

    private long[] values = new long[1 << 14];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized void clear() {
        size = 0;
    }

    /** @return the {@code quantile} (0..1) in nanoseconds, or -1 without any value */
    synchronized long quantile(double quantile) {
        if (size == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(quantile * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, index))];
    }
}
