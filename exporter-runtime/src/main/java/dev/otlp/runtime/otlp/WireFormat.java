package dev.otlp.runtime.otlp;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts the items of a serialized {@code Export*ServiceRequest} by walking its protobuf wire
 * format, without building any message: the receivers' hot path. As a strict protobuf parser
 * would, it checks the framing of every message, that every string field holds valid UTF-8
 * ({@link MessageShape}, {@link Utf8}), and the ids inside spans and log records
 * ({@link IdCheck}); it skips unknown fields.
 */
public final class WireFormat {

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int START_GROUP = 3;
    private static final int END_GROUP = 4;
    private static final int FIXED32 = 5;

    /**
     * Per signal, for each level of nesting, the bit set of field numbers that lead down to the
     * items; a field at the last level is one item.
     */
    private static final long[] TRACES_PATH = {
            fields(1), // ExportTraceServiceRequest.resource_spans
            fields(2), // ResourceSpans.scope_spans
            fields(2), // ScopeSpans.spans
    };
    private static final long[] METRICS_PATH = {
            fields(1), // ExportMetricsServiceRequest.resource_metrics
            fields(2), // ResourceMetrics.scope_metrics
            fields(2), // ScopeMetrics.metrics
            fields(5, 7, 9, 10, 11), // Metric.gauge | sum | histogram | exponential_histogram | summary
            fields(1), // *.data_points
    };
    private static final long[] LOGS_PATH = {
            fields(1), // ExportLogsServiceRequest.resource_logs
            fields(2), // ResourceLogs.scope_logs
            fields(2), // ScopeLogs.log_records
    };

    private WireFormat() {
    }

    /**
     * @return the number of spans, metric data points or log records in {@code request}
     * @throws MalformedRequestException naming the problem and its byte offset when the framing is invalid
     */
    public static int countItems(Signal signal, byte[] request) throws MalformedRequestException {
        long[] path = switch (signal) {
            case TRACES -> TRACES_PATH;
            case METRICS -> METRICS_PATH;
            case LOGS -> LOGS_PATH;
        };
        IdCheck ids = IdCheck.of(signal);
        MessageShape shape = MessageShape.of(signal);
        try {
            return count(request, 0, request.length, path, 0, shape, ids, ids == null ? null : new int[path.length]);
        } catch (InvalidString e) {
            throw new MalformedRequestException(String.format("%s is not valid UTF-8 (byte 0x%02x at offset %d)",
                    fieldAt(shape, request, e.offset), request[e.offset] & 0xFF, e.offset));
        }
    }

    /**
     * @param shape   the type of the message being walked
     * @param ids     checks each item's ids, or null
     * @param indexes the index of the message being walked at each depth, for naming an item with a bad id
     */
    private static int count(byte[] buf, int pos, int end, long[] path, int depth, MessageShape shape, IdCheck ids,
            int[] indexes) throws MalformedRequestException {
        boolean itemLevel = depth == path.length - 1;
        if (indexes != null) {
            indexes[depth] = 0;
        }
        int items = 0;
        while (pos < end) {
            int tagOffset = pos;
            long tagAndPos = readVarint32(buf, pos, end);
            int tag = (int) (tagAndPos >>> 32);
            pos = (int) tagAndPos;
            int field = tag >>> 3;
            if (field == 0) {
                throw new MalformedRequestException("invalid field number 0 at offset " + tagOffset);
            }
            switch (tag & 7) {
                case VARINT -> pos = skipVarint(buf, pos, end);
                case FIXED64 -> pos = skipFixed(pos, end, 8, "fixed64", field, tagOffset);
                case FIXED32 -> pos = skipFixed(pos, end, 4, "fixed32", field, tagOffset);
                case LENGTH_DELIMITED -> {
                    long lengthAndPos = readVarint32(buf, pos, end);
                    long length = lengthAndPos >>> 32;
                    pos = (int) lengthAndPos;
                    if (length > end - pos) {
                        throw new MalformedRequestException(
                                "truncated length-delimited field " + field + " at offset " + tagOffset);
                    }
                    int contentEnd = pos + (int) length;
                    if (field < 64 && (path[depth] & (1L << field)) != 0) {
                        if (itemLevel) {
                            if (ids != null) {
                                ids.check(buf, pos, contentEnd, shape.message(field), indexes);
                            } else {
                                checkStrings(buf, pos, contentEnd, shape.message(field));
                            }
                            items++;
                        } else {
                            items += count(buf, pos, contentEnd, path, depth + 1, shape.message(field), ids, indexes);
                        }
                        if (indexes != null) {
                            indexes[depth]++;
                        }
                    } else {
                        checkField(buf, pos, contentEnd, shape, field);
                    }
                    pos = contentEnd;
                }
                case START_GROUP, END_GROUP -> throw new MalformedRequestException(
                        "unsupported group (wire type " + (tag & 7) + ") in field " + field + " at offset " + tagOffset);
                default -> throw new MalformedRequestException(
                        "invalid wire type " + (tag & 7) + " in field " + field + " at offset " + tagOffset);
            }
        }
        return items;
    }

    /** Checks the strings of a length-delimited field: its UTF-8 if it is a string, the strings inside it if it is a message. */
    static void checkField(byte[] buf, int pos, int end, MessageShape shape, int field)
            throws MalformedRequestException {
        if (shape.isString(field)) {
            int invalid = Utf8.firstInvalid(buf, pos, end);
            if (invalid >= 0) {
                throw new InvalidString(invalid);
            }
        } else {
            MessageShape message = shape.message(field);
            if (message != null) {
                checkStrings(buf, pos, end, message);
            }
        }
    }

    /** Checks the framing and the strings of a message of type {@code shape} in {@code buf[pos..end)}. */
    private static void checkStrings(byte[] buf, int pos, int end, MessageShape shape) throws MalformedRequestException {
        while (pos < end) {
            int tagOffset = pos;
            int tag = buf[pos];
            if (tag >= 0) {
                pos++;
            } else {
                long tagAndPos = readVarint32(buf, pos, end);
                tag = (int) (tagAndPos >>> 32);
                pos = (int) tagAndPos;
            }
            int field = tag >>> 3;
            if (field == 0) {
                throw new MalformedRequestException("invalid field number 0 at offset " + tagOffset);
            }
            switch (tag & 7) {
                case VARINT -> pos = pos < end && buf[pos] >= 0 ? pos + 1 : skipVarint(buf, pos, end);
                case FIXED64 -> pos = skipFixed(pos, end, 8, "fixed64", field, tagOffset);
                case FIXED32 -> pos = skipFixed(pos, end, 4, "fixed32", field, tagOffset);
                case LENGTH_DELIMITED -> {
                    long length;
                    if (pos < end && buf[pos] >= 0) {
                        length = buf[pos++];
                    } else {
                        long lengthAndPos = readVarint32(buf, pos, end);
                        length = lengthAndPos >>> 32;
                        pos = (int) lengthAndPos;
                    }
                    if (length > end - pos) {
                        throw new MalformedRequestException(
                                "truncated length-delimited field " + field + " at offset " + tagOffset);
                    }
                    checkField(buf, pos, pos + (int) length, shape, field);
                    pos += (int) length;
                }
                case START_GROUP, END_GROUP -> throw new MalformedRequestException(
                        "unsupported group (wire type " + (tag & 7) + ") in field " + field + " at offset " + tagOffset);
                default -> throw new MalformedRequestException(
                        "invalid wire type " + (tag & 7) + " in field " + field + " at offset " + tagOffset);
            }
        }
    }

    /**
     * Names the string field holding byte {@code offset} of a request whose framing up to there is valid,
     * e.g. {@code resource_spans[0].scope_spans[1].spans[7].name}: the error path, which may allocate.
     */
    private static String fieldAt(MessageShape shape, byte[] buf, int offset) throws MalformedRequestException {
        StringBuilder name = new StringBuilder();
        int pos = 0;
        int end = buf.length;
        Map<Integer, Integer> seen = new HashMap<>();
        while (pos < end) {
            long tagAndPos = readVarint32(buf, pos, end);
            int tag = (int) (tagAndPos >>> 32);
            pos = (int) tagAndPos;
            int field = tag >>> 3;
            switch (tag & 7) {
                case VARINT -> pos = skipVarint(buf, pos, end);
                case FIXED64 -> pos += 8;
                case FIXED32 -> pos += 4;
                default -> {
                    long lengthAndPos = readVarint32(buf, pos, end);
                    int start = (int) lengthAndPos;
                    int contentEnd = start + (int) (lengthAndPos >>> 32);
                    int index = seen.merge(field, 1, Integer::sum) - 1;
                    pos = contentEnd;
                    if (offset >= start && offset < contentEnd) {
                        name.append(name.isEmpty() ? "" : ".").append(shape.name(field));
                        if (shape.isRepeated(field)) {
                            name.append('[').append(index).append(']');
                        }
                        if (shape.isString(field)) {
                            return name.toString();
                        }
                        shape = shape.message(field);
                        pos = start;
                        end = contentEnd;
                        seen.clear();
                    }
                }
            }
        }
        return name.isEmpty() ? "a string" : name.toString();
    }

    /** A string field that is not valid UTF-8, thrown from deep in the walk to where the field can be named. */
    private static final class InvalidString extends RuntimeException {

        private static final long serialVersionUID = 1L;

        final int offset;

        InvalidString(int offset) {
            super(null, null, false, false);
            this.offset = offset;
        }
    }

    /** Reads a varint of at most 32 bits; returns it in the high half and the position after it in the low half. */
    static long readVarint32(byte[] buf, int pos, int end) throws MalformedRequestException {
        int start = pos;
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos >= end) {
                throw new MalformedRequestException("truncated varint at offset " + start);
            }
            byte b = buf[pos++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                if (value > 0xFFFF_FFFFL) {
                    break;
                }
                return value << 32 | pos;
            }
        }
        throw new MalformedRequestException("varint at offset " + start + " exceeds 32 bits");
    }

    static int skipVarint(byte[] buf, int pos, int end) throws MalformedRequestException {
        int start = pos;
        for (int i = 0; i < 10; i++) {
            if (pos >= end) {
                throw new MalformedRequestException("truncated varint at offset " + start);
            }
            if (buf[pos++] >= 0) {
                return pos;
            }
        }
        throw new MalformedRequestException("malformed varint (more than 10 bytes) at offset " + start);
    }

    private static int skipFixed(int pos, int end, int size, String type, int field, int tagOffset)
            throws MalformedRequestException {
        if (end - pos < size) {
            throw new MalformedRequestException("truncated " + type + " field " + field + " at offset " + tagOffset);
        }
        return pos + size;
    }

    private static long fields(int... numbers) {
        long set = 0;
        for (int number : numbers) {
            set |= 1L << number;
        }
        return set;
    }
}
