package dev.otlp.runtime.compression;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads a stream to its end, but never more than a limit, reserving each buffer before it grows. */
public final class Bounded {

    private static final int FIRST_CAPACITY = 64 * 1024;

    private Bounded() {
    }

    /**
     * @throws TooLargeException when the stream holds more than {@code maxSize} bytes
     * @throws IOException       from the stream, or from {@code reservation} when it refuses memory
     */
    public static byte[] readAll(InputStream in, long maxSize, Reservation reservation) throws IOException {
        int limit = (int) Math.min(maxSize, Integer.MAX_VALUE - 8);
        int capacity = Math.min(FIRST_CAPACITY, limit + 1);
        reservation.reserve(capacity);
        byte[] buffer = new byte[capacity];
        int size = 0;
        for (int n; (n = in.read(buffer, size, buffer.length - size)) >= 0; ) {
            size += n;
            if (size > limit) {
                throw new TooLargeException(maxSize);
            }
            if (size == buffer.length) {
                int grown = (int) Math.min((long) buffer.length * 2, limit + 1L);
                reservation.reserve(grown - buffer.length);
                buffer = Arrays.copyOf(buffer, grown);
            }
        }
        if (size == buffer.length) {
            return buffer;
        }
        reservation.reserve(size);
        return Arrays.copyOf(buffer, size);
    }
}
