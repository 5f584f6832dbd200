package dev.otlp.runtime.queue;

import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * One payload in a segment file: a magic number, the payload's length, a CRC32C of what follows
 * it, the time it was received, its item count, then the serialized request. The magic number
 * lets a replay find the next intact record after damaged bytes.
 */
final class RecordFormat {

    static final int HEADER_BYTES = 24;
    private static final int MAGIC = 0x4F544C51; // "OTLQ"

    private RecordFormat() {
    }

    static ByteBuffer header(Payload payload) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(MAGIC).putInt(payload.sizeBytes()).putInt(0)
                .putLong(payload.receivedAtMillis()).putInt(payload.items());
        header.putInt(8, checksum(header, payload.bytes()));
        return header.flip();
    }

    static long size(Payload payload) {
        return HEADER_BYTES + (long) payload.sizeBytes();
    }

    /** The payload length of an intact record at {@code position}, or -1 when the bytes there are not one. */
    static int intactLength(ByteBuffer segment, int position) {
        int limit = segment.limit();
        if (limit - position < HEADER_BYTES || segment.getInt(position) != MAGIC) {
            return -1;
        }
        int length = segment.getInt(position + 4);
        if (length < 0 || length > limit - position - HEADER_BYTES) {
            return -1;
        }
        CRC32C crc = new CRC32C();
        crc.update(segment.slice(position + 12, HEADER_BYTES - 12 + length));
        return (int) crc.getValue() == segment.getInt(position + 8) ? length : -1;
    }

    static long receivedAtMillis(ByteBuffer segment, int position) {
        return segment.getLong(position + 12);
    }

    static int items(ByteBuffer segment, int position) {
        return segment.getInt(position + 20);
    }

    /**
     * The items of the records not yet delivered in the damaged stretch {@code [from, to)} of a
     * segment, when the record headers there still tell: each starts with the magic number and its
     * length leads to the next one, or (at the end of the segment) past it, a record cut short.
     * Empty when the headers are damaged too.
     */
    static OptionalLong itemsIn(ByteBuffer segment, int from, int to, Set<Long> delivered) {
        long items = 0;
        int position = from;
        while (position < to) {
            if (to - position < HEADER_BYTES || segment.getInt(position) != MAGIC) {
                return OptionalLong.empty();
            }
            int length = segment.getInt(position + 4);
            int count = items(segment, position);
            long end = (long) position + HEADER_BYTES + length;
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

    private static int checksum(ByteBuffer header, byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 12, HEADER_BYTES - 12);
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
