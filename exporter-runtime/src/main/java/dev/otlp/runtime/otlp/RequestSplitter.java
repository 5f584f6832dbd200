package dev.otlp.runtime.otlp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a serialized export request that is larger than the upstream takes into valid requests
 * that each fit, by walking the wire format: between ResourceSpans/ResourceMetrics/ResourceLogs,
 * then between their ScopeSpans/ScopeMetrics/ScopeLogs, then between spans, metrics or log
 * records. A part repeats the resource's and scope's own fields (resource attributes, scope,
 * schema URL), so every item keeps its context. Every signal has the same shape: an export
 * request is {@code repeated Resource* = 1}, a Resource* has {@code repeated Scope* = 2}, and a
 * Scope* has {@code repeated item = 2}.
 */
public final class RequestSplitter {

    private static final int REQUEST_CHILD = 1;
    private static final int NESTED_CHILD = 2;
    /** Request → resource → scope → item: an item sits at this depth and cannot be cut. */
    private static final int ITEM_DEPTH = 3;
    private static final int MAX_LENGTH_PREFIX = 5;

    private RequestSplitter() {
    }

    /**
     * @param request  a valid export request (its framing already checked)
     * @param maxBytes the largest part allowed
     * @return parts of at most {@code maxBytes} each that together hold every item of {@code request}, in order
     * @throws ItemTooLargeException when one item, with its resource and scope, is larger than {@code maxBytes}
     */
    public static List<byte[]> split(byte[] request, int maxBytes) throws ItemTooLargeException {
        if (request.length <= maxBytes) {
            return List.of(request);
        }
        return pieces(request, 0, request.length, 0, maxBytes);
    }

    /** Thrown for a request holding one item that no part of the allowed size can carry. */
    public static final class ItemTooLargeException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int itemBytes;

        ItemTooLargeException(int itemBytes, int budget) {
            super("one item of " + itemBytes + " bytes does not fit in " + budget + " bytes");
            this.itemBytes = itemBytes;
        }

        /** The serialized size of the item, without its resource and scope. */
        public int itemBytes() {
            return itemBytes;
        }
    }

    /**
     * Encodings of the message in {@code buf[start, end)} at {@code depth}, each holding its own
     * fields and a run of its children, each at most {@code budget} bytes.
     */
    private static List<byte[]> pieces(byte[] buf, int start, int end, int depth, int budget)
            throws ItemTooLargeException {
        int childField = depth == 0 ? REQUEST_CHILD : NESTED_CHILD;
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        List<int[]> children = new ArrayList<>();
        int pos = start;
        while (pos < end) {
            int fieldStart = pos;
            long tag = readVarint(buf, pos);
            pos = next(tag);
            int wireType = (int) (value(tag) & 7);
            int field = (int) (value(tag) >>> 3);
            int contentStart;
            int contentEnd;
            switch (wireType) {
                case 0 -> {
                    pos = next(readVarint(buf, pos));
                    contentStart = contentEnd = pos;
                }
                case 1 -> contentStart = contentEnd = pos += 8;
                case 5 -> contentStart = contentEnd = pos += 4;
                case 2 -> {
                    long length = readVarint(buf, pos);
                    contentStart = next(length);
                    contentEnd = contentStart + (int) value(length);
                    pos = contentEnd;
                }
                default -> throw new IllegalArgumentException("wire type " + wireType + " in a checked request");
            }
            if (wireType == 2 && field == childField) {
                children.add(new int[] {contentStart, contentEnd});
            } else if (depth > 0) {
                header.write(buf, fieldStart, pos - fieldStart);
            }
        }
        byte[] own = header.toByteArray();
        int room = budget - own.length;
        Accumulator parts = new Accumulator(own, childField, room);
        for (int[] child : children) {
            int length = child[1] - child[0];
            if (entrySize(length) <= room) {
                parts.add(buf, child[0], length);
            } else if (depth + 1 == ITEM_DEPTH) {
                throw new ItemTooLargeException(length, budget);
            } else {
                for (byte[] piece : pieces(buf, child[0], child[1], depth + 1, room - 1 - MAX_LENGTH_PREFIX)) {
                    parts.add(piece, 0, piece.length);
                }
            }
        }
        return parts.finish();
    }

    /** Packs child entries, in order, into parts that each start with the message's own fields. */
    private static final class Accumulator {
        private final byte[] header;
        private final int childTag;
        private final int room;
        private final List<byte[]> parts = new ArrayList<>();
        private ByteArrayOutputStream current;

        Accumulator(byte[] header, int childField, int room) {
            this.header = header;
            this.childTag = childField << 3 | 2;
            this.room = room;
        }

        void add(byte[] buf, int offset, int length) {
            if (current != null && current.size() - header.length + entrySize(length) > room) {
                parts.add(current.toByteArray());
                current = null;
            }
            if (current == null) {
                current = new ByteArrayOutputStream();
                current.writeBytes(header);
            }
            current.write(childTag);
            writeVarint(current, length);
            current.write(buf, offset, length);
        }

        List<byte[]> finish() {
            if (current != null) {
                parts.add(current.toByteArray());
            }
            return parts;
        }
    }

    private static int entrySize(int length) {
        return 1 + varintSize(length) + length;
    }

    private static int varintSize(int value) {
        int size = 1;
        while ((value & ~0x7F) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        while ((value & ~0x7F) != 0) {
            out.write((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    /** A varint's value (its low 32 bits) in the high half, and the position after it in the low half. */
    private static long readVarint(byte[] buf, int pos) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = buf[pos++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value << 32 | pos;
            }
        }
        throw new IllegalArgumentException("malformed varint in a checked request");
    }

    private static long value(long valueAndPos) {
        return valueAndPos >>> 32;
    }

    private static int next(long valueAndPos) {
        return (int) valueAndPos;
    }
}
