package dev.otlp.runtime.queue;

import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * One payload in a segment file. A frame that no version changes: a magic number, the length of
 * what follows the frame and a CRC32C of it. Then, covered by the checksum, the format version
 * (so that a flipped bit reads as damage, never as a future format), the time the payload was
 * received, its item count, and the serialized request. The magic number lets a replay find the
 * next intact record after damaged bytes.
 *
 * <p>Records written before the version byte (magic {@code OTLQ}, read as version 0) frame only the
 * payload's length and carry no version; they are read as before and never written any more.
 */
final class RecordFormat {

    /** The version this runtime writes; a record of a later one is refused by name. */
    static final byte VERSION = 1;
    static final int HEADER_BYTES = 25;
    private static final int MAGIC = 0x4F544C56; // "OTLV"
    private static final int FRAME_BYTES = 12;
    private static final byte UNVERSIONED = 0;
    private static final int UNVERSIONED_MAGIC = 0x4F544C51; // "OTLQ"
    private static final int UNVERSIONED_HEADER_BYTES = 24;

    private RecordFormat() {
    }

    /**
     * A record read from an intact frame. Only {@code version} and {@code end} are known when the
     * version is not one this runtime reads.
     *
     * @param payload where the serialized request starts in the segment
     * @param end     where the next record starts
     */
    record Stored(int version, long payload, int length, long receivedAtMillis, int items, int end) {

        boolean readable() {
            return version == VERSION || version == UNVERSIONED;
        }
    }

    static ByteBuffer header(Payload payload) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(MAGIC).putInt(HEADER_BYTES - FRAME_BYTES + payload.sizeBytes()).putInt(0)
                .put(VERSION).putLong(payload.receivedAtMillis()).putInt(payload.items());
        CRC32C crc = new CRC32C();
        crc.update(header.array(), FRAME_BYTES, HEADER_BYTES - FRAME_BYTES);
        crc.update(payload.bytes());
        header.putInt(8, (int) crc.getValue());
        return header.flip();
    }

    static long size(Payload payload) {
        return HEADER_BYTES + (long) payload.sizeBytes();
    }

    /** The record at {@code position}, or null when the bytes there are not an intact one. */
    static Stored intact(ByteBuffer segment, int position) {
        int checked = checkedLength(segment, position);
        if (checked < 0) {
            return null;
        }
        int end = position + FRAME_BYTES + checked;
        if (segment.getInt(position) == UNVERSIONED_MAGIC) {
            return new Stored(UNVERSIONED, position + UNVERSIONED_HEADER_BYTES, checked - (UNVERSIONED_HEADER_BYTES - FRAME_BYTES),
                    segment.getLong(position + 12), segment.getInt(position + 20), end);
        }
        // no version, or version 0 (which only the unversioned magic stands for), under this magic is damage
        int version = checked == 0 ? UNVERSIONED : Byte.toUnsignedInt(segment.get(position + FRAME_BYTES));
        if (version == VERSION ? checked < HEADER_BYTES - FRAME_BYTES : version == UNVERSIONED) {
            return null;
        }
        if (version != VERSION) {
            return new Stored(version, -1, -1, 0, 0, end);
        }
        return new Stored(VERSION, position + HEADER_BYTES, checked - (HEADER_BYTES - FRAME_BYTES),
                segment.getLong(position + 13), segment.getInt(position + 21), end);
    }

    /** The length the frame at {@code position} checks, or -1 when the frame is damaged or not one. */
    private static int checkedLength(ByteBuffer segment, int position) {
        int limit = segment.limit();
        if (limit - position < FRAME_BYTES) {
            return -1;
        }
        int magic = segment.getInt(position);
        int length = segment.getInt(position + 4);
        if (magic == UNVERSIONED_MAGIC) {
            length += UNVERSIONED_HEADER_BYTES - FRAME_BYTES;
        } else if (magic != MAGIC) {
            return -1;
        }
        if (length < 0 || length > limit - position - FRAME_BYTES) {
            return -1;
        }
        CRC32C crc = new CRC32C();
        crc.update(segment.slice(position + FRAME_BYTES, length));
        return (int) crc.getValue() == segment.getInt(position + 8) ? length : -1;
    }

    /**
     * The items of the records not yet delivered in the damaged stretch {@code [from, to)} of a
     * segment, when the record headers there still tell: each starts with a magic number, is of a
     * version this runtime reads, and its length leads to the next one, or (at the end of the
     * segment) past it, a record cut short. Empty when the headers are damaged too.
     */
    static OptionalLong itemsIn(ByteBuffer segment, int from, int to, Set<Long> delivered) {
        long items = 0;
        int position = from;
        while (position < to) {
            if (to - position < HEADER_BYTES) {
                return OptionalLong.empty();
            }
            int magic = segment.getInt(position);
            boolean unversioned = magic == UNVERSIONED_MAGIC;
            if (!unversioned && (magic != MAGIC || segment.get(position + FRAME_BYTES) != VERSION)) {
                return OptionalLong.empty();
            }
            int length = segment.getInt(position + 4);
            int count = segment.getInt(position + (unversioned ? 20 : 21));
            long end = (long) position + (unversioned ? UNVERSIONED_HEADER_BYTES : FRAME_BYTES) + length;
            if (length < 0 || count < 0 || count > length || end > to && to != segment.limit()) {
                return OptionalLong.empty();
            }
            if (!delivered.contains((long) position)) {
                items += count;
            }
            position = (int) Math.min(end, to);
        }
        return OptionalLong.of(items);
    }
}
