package dev.otlp.runtime.otlp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (RFC 3629, as protobuf and the JDK's decoder do it): no overlong forms,
 * no surrogates, nothing above U+10FFFF. ASCII, most of what OTLP strings hold, is checked eight
 * bytes at a time.
 */
final class Utf8 {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    private Utf8() {
    }

    /** @return the offset of the first byte of {@code buf[pos..end)} that starts no valid UTF-8 sequence, or -1 when all is valid */
    static int firstInvalid(byte[] buf, int pos, int end) {
        if (isAscii(buf, pos, end)) {
            return -1;
        }
        while (pos < end) {
            while (end - pos >= 8 && ((long) LONGS.get(buf, pos) & HIGH_BITS) == 0) {
                pos += 8;
            }
            while (pos < end && buf[pos] >= 0) {
                pos++;
            }
            if (pos == end) {
                return -1;
            }
            int length = sequenceLength(buf, pos, end);
            if (length == 0) {
                return pos;
            }
            pos += length;
        }
        return -1;
    }

    /**
     * Whether {@code buf[pos..end)} is all ASCII, checked a word at a time: most OTLP strings are short
     * and ASCII, and a word that ends at {@code end} covers a short string in one read (with the bytes
     * before it masked off); a longer string's last word overlaps the words before it. False may
     * also mean "look closer".
     */
    private static boolean isAscii(byte[] buf, int pos, int end) {
        int length = end - pos;
        if (length < Long.BYTES) {
            if (end < Long.BYTES) {
                return false;
            }
            long masked = length == 0 ? 0 : HIGH_BITS & -1L << (Long.SIZE - Byte.SIZE * length);
            return ((long) LONGS.get(buf, end - Long.BYTES) & masked) == 0;
        }
        for (int word = pos; word < end - Long.BYTES; word += Long.BYTES) {
            if (((long) LONGS.get(buf, word) & HIGH_BITS) != 0) {
                return false;
            }
        }
        return ((long) LONGS.get(buf, end - Long.BYTES) & HIGH_BITS) == 0;
    }

    /** The length of the valid multi-byte sequence at {@code pos}, or 0 when there is none. */
    private static int sequenceLength(byte[] buf, int pos, int end) {
        int lead = buf[pos] & 0xFF;
        if (lead < 0xC2) {
            return 0; // a continuation byte, or the lead of an overlong 2-byte form
        }
        if (lead < 0xE0) {
            return end - pos >= 2 && continuation(buf[pos + 1]) ? 2 : 0;
        }
        if (lead < 0xF0) {
            if (end - pos < 3) {
                return 0;
            }
            int second = buf[pos + 1] & 0xFF;
            boolean overlong = lead == 0xE0 && second < 0xA0;
            boolean surrogate = lead == 0xED && second > 0x9F;
            return !overlong && !surrogate && continuation(buf[pos + 1]) && continuation(buf[pos + 2]) ? 3 : 0;
        }
        if (lead < 0xF5) {
            if (end - pos < 4) {
                return 0;
            }
            int second = buf[pos + 1] & 0xFF;
            boolean overlong = lead == 0xF0 && second < 0x90;
            boolean aboveMax = lead == 0xF4 && second > 0x8F;
            return !overlong && !aboveMax && continuation(buf[pos + 1]) && continuation(buf[pos + 2])
                    && continuation(buf[pos + 3]) ? 4 : 0;
        }
        return 0;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
