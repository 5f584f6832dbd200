package dev.otlp.runtime.otlp;

import dev.otlp.runtime.compression.Reservation;
import dev.otlp.runtime.compression.TooLargeException;

import java.io.IOException;
import java.util.Arrays;

/**
 * Writes the protobuf wire format into one growing array. A nested message is written in place:
 * {@link #beginMessage} leaves room for the longest length prefix, {@link #endMessage} writes the
 * actual length and moves the message's bytes up to it, so no message is ever buffered twice.
 */
final class ProtoWriter {

    private static final int MAX_LENGTH_PREFIX = 5;
    private static final int WIRE_LENGTH_DELIMITED = 2;

    private final long maxSize;
    private final Reservation reservation;
    private byte[] buffer;
    private int size;

    ProtoWriter(int initialCapacity, long maxSize, Reservation reservation) throws IOException {
        this.maxSize = maxSize;
        this.reservation = reservation;
        int capacity = (int) Math.max(64, Math.min(initialCapacity, maxSize));
        reservation.reserve(capacity);
        this.buffer = new byte[capacity];
    }

    /** @return the mark to hand to {@link #endMessage} */
    int beginMessage(int fieldNumber) throws IOException {
        tag(fieldNumber, WIRE_LENGTH_DELIMITED);
        ensure(MAX_LENGTH_PREFIX);
        size += MAX_LENGTH_PREFIX;
        return size;
    }

    void endMessage(int mark) {
        int length = size - mark;
        int prefix = varintSize(length);
        int start = mark - MAX_LENGTH_PREFIX;
        if (prefix < MAX_LENGTH_PREFIX) {
            System.arraycopy(buffer, mark, buffer, start + prefix, length);
            size -= MAX_LENGTH_PREFIX - prefix;
        }
        int end = size;
        size = start;
        putVarint(length);
        size = end;
    }

    void bytesField(int fieldNumber, byte[] value) throws IOException {
        tag(fieldNumber, WIRE_LENGTH_DELIMITED);
        varint(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, buffer, size, value.length);
        size += value.length;
    }

    /** Opens a packed repeated field; its elements follow through the unframed writers below. */
    int beginPacked(int fieldNumber) throws IOException {
        return beginMessage(fieldNumber);
    }

    void varint(long value) throws IOException {
        ensure(10);
        putVarint(value);
    }

    void fixed64(long value) throws IOException {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
    }

    void fixed32(int value) throws IOException {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
    }

    /** The bytes written, in an array of their exact size. */
    byte[] toByteArray() throws IOException {
        if (size > maxSize) {
            throw new TooLargeException(maxSize);
        }
        reservation.reserve(size);
        return Arrays.copyOf(buffer, size);
    }

    private void tag(int fieldNumber, int wireType) throws IOException {
        varint(((long) fieldNumber << 3) | wireType);
    }

    private void putVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
    }

    private void ensure(int more) throws IOException {
        long needed = (long) size + more;
        if (needed <= buffer.length) {
            return;
        }
        // What a message of maxSize can need while its last length prefix is still open; no more than an array holds.
        long limit = Math.min(maxSize, Integer.MAX_VALUE - 8 - MAX_LENGTH_PREFIX - 10) + MAX_LENGTH_PREFIX + 10;
        if (needed > limit) {
            throw new TooLargeException(maxSize);
        }
        int grown = (int) Math.min(Math.max(needed, buffer.length + (buffer.length >> 1)), limit);
        reservation.reserve(grown - buffer.length);
        buffer = Arrays.copyOf(buffer, grown);
    }

    private static int varintSize(int value) {
        return value < (1 << 7) ? 1 : value < (1 << 14) ? 2 : value < (1 << 21) ? 3 : value < (1 << 28) ? 4 : 5;
    }
}
