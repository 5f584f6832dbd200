package dev.otlp.runtime.receiver;

import dev.otlp.runtime.compression.TooLargeException;
import dev.otlp.runtime.otlp.Signal;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.util.Arrays;

/**
 * One OTLP/HTTP request while its body arrives: where it goes, how it is encoded, the memory it
 * reserved, and its body, copied once from the connection's buffers into one array. A refused
 * request keeps its answer and only counts what it throws away.
 */
final class OtlpHttpRequest {

    private static final int FIRST_CAPACITY = 16 * 1024;

    final Signal signal;
    final boolean json;
    final String encoding;
    final long arrivalNanos;
    private final DecodeBudget.Lease lease;
    private final long maxSize;
    private final Runnable onRelease;
    private HttpReply refusal;
    private byte[] body;
    private int size;
    private long discarded;
    private boolean released;

    OtlpHttpRequest(Signal signal, boolean json, String encoding, long arrivalNanos, DecodeBudget.Lease lease,
                    long maxSize, Runnable onRelease) {
        this.signal = signal;
        this.json = json;
        this.encoding = encoding;
        this.arrivalNanos = arrivalNanos;
        this.lease = lease;
        this.maxSize = maxSize;
        this.onRelease = onRelease;
    }

    DecodeBudget.Lease lease() {
        return lease;
    }

    void refuse(HttpReply reply) {
        refusal = reply;
        body = null;
    }

    boolean refused() {
        return refusal != null;
    }

    HttpReply refusal() {
        return refusal;
    }

    /** Reserves and allocates the whole body at once, when its length is announced. */
    void expect(long contentLength) throws IOException {
        if (contentLength > maxSize) {
            throw new TooLargeException(maxSize);
        }
        lease.reserve(contentLength);
        body = new byte[(int) contentLength];
    }

    /**
     * @throws TooLargeException when the body grows past the size limit
     * @throws IOException       when the memory for a longer body cannot be reserved
     */
    void append(ByteBuf content) throws IOException {
        int length = content.readableBytes();
        if (refusal != null) {
            discarded += length;
            return;
        }
        if ((long) size + length > maxSize) {
            throw new TooLargeException(maxSize);
        }
        if (body == null || size + length > body.length) {
            int capacity = (int) Math.min(maxSize, Math.max((long) size + length, Math.max(FIRST_CAPACITY, (body == null ? 0 : body.length) * 2L)));
            lease.reserve(capacity - (body == null ? 0 : body.length));
            body = body == null ? new byte[capacity] : Arrays.copyOf(body, capacity);
        }
        content.readBytes(body, size, length);
        size += length;
    }

    /** Bytes of a refused body read and thrown away. */
    long discarded() {
        return discarded;
    }

    byte[] body() throws IOException {
        if (body == null) {
            return new byte[0];
        }
        if (size == body.length) {
            return body;
        }
        lease.reserve(size);
        return Arrays.copyOf(body, size);
    }

    /** Returns the reserved memory; the request is over. */
    void release() {
        if (!released) {
            released = true;
            body = null;
            lease.close();
            onRelease.run();
        }
    }
}
