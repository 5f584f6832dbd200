package dev.otlp.runtime.queue;

import java.nio.ByteBuffer;
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

    private static int checksum(ByteBuffer header, byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 12, HEADER_BYTES - 12);
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
