package dev.otlp.runtime.otlp;

import java.nio.charset.StandardCharsets;

/**
 * Requests with bytes that are not UTF-8 in a string field, which protobuf-java's builders refuse
 * to build: a request is built with a marker string where the bad bytes go, then the marker's
 * bytes are overwritten in the serialized request.
 */
public final class InvalidUtf8 {

    /** Three bytes no UTF-8 decoder accepts: a continuation byte with no lead, a byte never used, a lead with no continuation. */
    public static final byte[] BAD = {(byte) 0x80, (byte) 0xFF, (byte) 0xE2};
    /** A string the size of {@link #BAD}, to build requests with. */
    public static final String MARKER = "\u0001#\u0001";

    private InvalidUtf8() {
    }

    /** {@code serialized} with the one occurrence of {@code marker}'s UTF-8 bytes replaced by {@code bad} (same length). */
    public static byte[] replace(byte[] serialized, String marker, byte[] bad) {
        byte[] target = marker.getBytes(StandardCharsets.UTF_8);
        if (target.length != bad.length) {
            throw new IllegalArgumentException("the marker and the replacement must have the same length");
        }
        int at = -1;
        for (int i = 0; i + target.length <= serialized.length; i++) {
            if (java.util.Arrays.equals(serialized, i, i + target.length, target, 0, target.length)) {
                if (at >= 0) {
                    throw new IllegalArgumentException("the marker occurs more than once");
                }
                at = i;
            }
        }
        if (at < 0) {
            throw new IllegalArgumentException("the marker does not occur");
        }
        byte[] corrupted = serialized.clone();
        System.arraycopy(bad, 0, corrupted, at, bad.length);
        return corrupted;
    }

    /** {@code serialized} with {@link #MARKER} replaced by {@link #BAD}. */
    public static byte[] replaceMarker(byte[] serialized) {
        return replace(serialized, MARKER, BAD);
    }

    /** Where {@link #MARKER} starts in {@code serialized}. */
    public static int markerOffset(byte[] serialized) {
        byte[] target = MARKER.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + target.length <= serialized.length; i++) {
            if (java.util.Arrays.equals(serialized, i, i + target.length, target, 0, target.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("the marker does not occur");
    }
}
