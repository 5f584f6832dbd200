package dev.otlp.runtime.otlp;

/**
 * Checks the ids of one span or log record as the wire walk passes it, so that a request with a
 * bad id is refused at the door, naming the field, instead of joining a batch that the upstream
 * would then refuse: a span's trace id has 16 bytes and its span id 8, both required, as are a
 * link's; a parent span id is 8 bytes or empty; a log record's trace and span ids are 16 and 8
 * bytes, or empty.
 */
final class IdCheck {

    private record Id(int field, String name, int length, boolean required) {
    }

    private static final Id[] SPAN = {
            new Id(1, "trace_id", 16, true), new Id(2, "span_id", 8, true), new Id(4, "parent_span_id", 8, false)};
    private static final Id[] LINK = {new Id(1, "trace_id", 16, true), new Id(2, "span_id", 8, true)};
    private static final Id[] LOG_RECORD = {new Id(9, "trace_id", 16, false), new Id(10, "span_id", 8, false)};
    private static final int SPAN_LINKS = 13;

    private static final IdCheck SPANS = new IdCheck(new String[] {"resource_spans", "scope_spans", "spans"}, SPAN, true);
    private static final IdCheck LOG_RECORDS =
            new IdCheck(new String[] {"resource_logs", "scope_logs", "log_records"}, LOG_RECORD, false);

    private final String[] path;
    private final Id[] ids;
    private final boolean links;

    private IdCheck(String[] path, Id[] ids, boolean links) {
        this.path = path;
        this.ids = ids;
        this.links = links;
    }

    /** The check for a signal's items; null for metrics, whose ids (exemplars') are optional and not checked. */
    static IdCheck of(Signal signal) {
        return switch (signal) {
            case TRACES -> SPANS;
            case LOGS -> LOG_RECORDS;
            case METRICS -> null;
        };
    }

    /**
     * Checks the item's ids and, in the same pass, the framing and strings of its other fields, so
     * that the item is walked once.
     *
     * @param shape   the item's message type
     * @param indexes where the item is: its index at each depth of the request
     * @throws MalformedRequestException naming the item's field whose id is missing or has the wrong length
     */
    void check(byte[] buf, int start, int end, MessageShape shape, int[] indexes) throws MalformedRequestException {
        check(buf, start, end, shape, ids, links, indexes, null);
    }

    private void check(byte[] buf, int pos, int end, MessageShape shape, Id[] rules, boolean withLinks, int[] indexes,
                       String link) throws MalformedRequestException {
        int present = 0;
        int linkIndex = 0;
        while (pos < end) {
            int tagOffset = pos;
            int tag = buf[pos];
            if (tag >= 0) {
                pos++;
            } else {
                long tagAndPos = WireFormat.readVarint32(buf, pos, end);
                tag = (int) (tagAndPos >>> 32);
                pos = (int) tagAndPos;
            }
            int field = tag >>> 3;
            if (field == 0) {
                throw new MalformedRequestException("invalid field number 0 at offset " + tagOffset);
            }
            int wireType = tag & 7;
            if (wireType != 2) {
                Id id = find(rules, field);
                if (id != null) {
                    throw new MalformedRequestException(name(indexes, link, id) + " is not bytes (wire type " + wireType + ")");
                }
                pos = skip(buf, pos, end, wireType, field, tagOffset);
                continue;
            }
            long length;
            if (pos < end && buf[pos] >= 0) {
                length = buf[pos++];
            } else {
                long lengthAndPos = WireFormat.readVarint32(buf, pos, end);
                length = lengthAndPos >>> 32;
                pos = (int) lengthAndPos;
            }
            if (length > end - pos) {
                throw new MalformedRequestException("truncated length-delimited field " + field + " at offset " + tagOffset);
            }
            int rule = indexOf(rules, field);
            if (rule >= 0) {
                Id id = rules[rule];
                if (length != id.length() && !(length == 0 && !id.required())) {
                    throw new MalformedRequestException(name(indexes, link, id) + " has " + length + " bytes; "
                            + describe(id) + " has " + id.length() + (id.required() ? "" : ", or none"));
                }
                if (length > 0) {
                    present |= 1 << rule;
                }
            } else if (withLinks && field == SPAN_LINKS) {
                check(buf, pos, pos + (int) length, shape.message(field), LINK, false, indexes, "links[" + linkIndex++ + "]");
            } else {
                WireFormat.checkField(buf, pos, pos + (int) length, shape, field);
            }
            pos += (int) length;
        }
        for (int i = 0; i < rules.length; i++) {
            if (rules[i].required() && (present & 1 << i) == 0) {
                throw new MalformedRequestException(name(indexes, link, rules[i]) + " is missing; " + describe(rules[i])
                        + " has " + rules[i].length() + " bytes");
            }
        }
    }

    private static int skip(byte[] buf, int pos, int end, int wireType, int field, int tagOffset)
            throws MalformedRequestException {
        int size = switch (wireType) {
            case 0 -> -1;
            case 1 -> 8;
            case 5 -> 4;
            default -> throw new MalformedRequestException(
                    "invalid wire type " + wireType + " in field " + field + " at offset " + tagOffset);
        };
        if (size < 0) {
            return pos < end && buf[pos] >= 0 ? pos + 1 : WireFormat.skipVarint(buf, pos, end);
        }
        if (end - pos < size) {
            throw new MalformedRequestException("truncated field " + field + " at offset " + tagOffset);
        }
        return pos + size;
    }

    private static Id find(Id[] rules, int field) {
        int rule = indexOf(rules, field);
        return rule < 0 ? null : rules[rule];
    }

    private static int indexOf(Id[] rules, int field) {
        for (int i = 0; i < rules.length; i++) {
            if (rules[i].field() == field) {
                return i;
            }
        }
        return -1;
    }

    private static String describe(Id id) {
        return id.name().equals("trace_id") ? "a trace id" : "a span id";
    }

    private String name(int[] indexes, String link, Id id) {
        StringBuilder name = new StringBuilder();
        for (int depth = 0; depth < path.length; depth++) {
            name.append(depth == 0 ? "" : ".").append(path[depth]).append('[').append(indexes[depth]).append(']');
        }
        if (link != null) {
            name.append('.').append(link);
        }
        return name.append('.').append(id.name()).toString();
    }
}
