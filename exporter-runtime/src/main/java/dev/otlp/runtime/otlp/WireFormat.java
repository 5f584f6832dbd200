package dev.otlp.runtime.otlp;

/**
 * Counts the items of a serialized {@code Export*ServiceRequest} by walking its protobuf wire
 * format, without building any message: the receivers' hot path. It checks the framing of every
 * message on the way down to the items, and the ids inside spans and log records
 * ({@link IdCheck}), and skips unknown fields, as a protobuf parser does.
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
        return count(request, 0, request.length, path, 0, ids, ids == null ? null : new int[path.length]);
    }

    /**
     * @param ids     checks each item's ids, or null
     * @param indexes the index of the message being walked at each depth, for naming an item with a bad id
     */
    private static int count(byte[] buf, int pos, int end, long[] path, int depth, IdCheck ids, int[] indexes)
            throws MalformedRequestException {
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
                                ids.check(buf, pos, contentEnd, indexes);
                            }
                            items++;
                        } else {
                            items += count(buf, pos, contentEnd, path, depth + 1, ids, indexes);
                        }
                        if (indexes != null) {
                            indexes[depth]++;
                        }
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
