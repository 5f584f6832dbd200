package dev.otlp.runtime.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.otlp.runtime.compression.Reservation;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an OTLP/JSON request into its protobuf bytes in one pass over the parser's tokens, with no
 * tree in between: each value is written to the wire format as it is read. Follows the OTLP JSON
 * mapping (protobuf's JSON mapping, but trace and span ids are hex, enums may be integers, keys are
 * lowerCamelCase or the original field names, unknown fields are ignored). Strings must be
 * Unicode, as protobuf strings must be UTF-8: bytes that are not UTF-8 and escapes of lone
 * surrogates are refused, naming the field, not replaced.
 */
final class JsonTranscoder {

    /** OTLP nests a handful of levels (a kvlist value inside an array inside…), and its numbers fit in 64 bits. */
    static final int MAX_NESTING_DEPTH = 64;
    static final int MAX_NUMBER_LENGTH = 64;
    private static final Set<String> HEX_ID_FIELDS = Set.of("trace_id", "span_id", "parent_span_id");
    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final HexFormat HEX = HexFormat.of();
    private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS_BY_NAME = new ConcurrentHashMap<>();

    private final JsonParser parser;
    private final byte[] json;
    private final ProtoWriter out;

    private JsonTranscoder(JsonParser parser, byte[] json, ProtoWriter out) {
        this.parser = parser;
        this.json = json;
        this.out = out;
    }

    static JsonFactory factory(long maxStringLength) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength((int) Math.min(maxStringLength, Integer.MAX_VALUE))
                        .build())
                .build();
    }

    /**
     * @throws MalformedRequestException when {@code json} is not an OTLP/JSON request of {@code type}
     * @throws IOException               when the output exceeds {@code maxSize} or {@code reservation} refuses memory
     */
    static byte[] transcode(JsonFactory factory, Descriptor type, byte[] json, long maxSize, Reservation reservation)
            throws IOException, MalformedRequestException {
        try (JsonParser parser = factory.createParser(json)) {
            JsonTranscoder transcoder = new JsonTranscoder(parser, json, new ProtoWriter(json.length / 2, maxSize, reservation));
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedRequestException("the body is not a JSON object");
            }
            transcoder.message(type);
            if (parser.nextToken() != null) {
                throw transcoder.invalid("unexpected content after the request object");
            }
            return transcoder.out.toByteArray();
        }
    }

    /** Writes the fields of the object the parser is at, up to its end. */
    private void message(Descriptor type) throws IOException, MalformedRequestException {
        Map<String, FieldDescriptor> fields = FIELDS_BY_NAME.computeIfAbsent(type, JsonTranscoder::fieldsByName);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            FieldDescriptor field = fields.get(parser.currentName());
            JsonToken token = parser.nextToken();
            if (field == null) {
                parser.skipChildren();
            } else if (token != JsonToken.VALUE_NULL) {
                if (field.isRepeated()) {
                    repeated(field, token);
                } else {
                    value(field, token);
                }
            }
        }
    }

    private void repeated(FieldDescriptor field, JsonToken token) throws IOException, MalformedRequestException {
        if (token != JsonToken.START_ARRAY) {
            throw invalid(field.getJsonName() + " must be an array, got " + describe(token));
        }
        if (field.isPackable()) {
            int mark = out.beginPacked(field.getNumber());
            for (JsonToken element; (element = parser.nextToken()) != JsonToken.END_ARRAY; ) {
                scalar(field, element);
            }
            out.endMessage(mark);
            return;
        }
        for (JsonToken element; (element = parser.nextToken()) != JsonToken.END_ARRAY; ) {
            value(field, element);
        }
    }

    private void value(FieldDescriptor field, JsonToken token) throws IOException, MalformedRequestException {
        switch (field.getJavaType()) {
            case MESSAGE -> {
                if (token != JsonToken.START_OBJECT) {
                    throw invalid(field.getJsonName() + " must be an object, got " + describe(token));
                }
                int mark = out.beginMessage(field.getNumber());
                message(field.getMessageType());
                out.endMessage(mark);
            }
            case STRING -> out.bytesField(field.getNumber(), utf8(field, token));
            case BYTE_STRING -> out.bytesField(field.getNumber(), bytes(field, text(field, token)));
            default -> {
                out.varint(((long) field.getNumber() << 3) | wireType(field));
                scalar(field, token);
            }
        }
    }

    /** Writes a numeric, boolean or enum value without its tag. */
    private void scalar(FieldDescriptor field, JsonToken token) throws IOException, MalformedRequestException {
        switch (field.getType()) {
            case DOUBLE -> out.fixed64(Double.doubleToRawLongBits(floating(field, token)));
            case FLOAT -> out.fixed32(Float.floatToRawIntBits((float) floating(field, token)));
            case FIXED64, SFIXED64 -> out.fixed64(integer(field, token, field.getType() == FieldDescriptor.Type.FIXED64));
            case FIXED32, SFIXED32 -> out.fixed32((int) int32(field, token, field.getType() == FieldDescriptor.Type.FIXED32));
            case INT64 -> out.varint(integer(field, token, false));
            case UINT64 -> out.varint(integer(field, token, true));
            case INT32 -> out.varint(int32(field, token, false));
            case UINT32 -> out.varint(int32(field, token, true) & 0xFFFFFFFFL);
            case SINT32 -> {
                int value = (int) int32(field, token, false);
                out.varint(((value << 1) ^ (value >> 31)) & 0xFFFFFFFFL);
            }
            case SINT64 -> {
                long value = integer(field, token, false);
                out.varint((value << 1) ^ (value >> 63));
            }
            case BOOL -> {
                if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                    throw invalid(field.getJsonName() + " must be true or false, got " + describe(token));
                }
                out.varint(token == JsonToken.VALUE_TRUE ? 1 : 0);
            }
            case ENUM -> out.varint(enumNumber(field, token));
            default -> throw invalid(field.getJsonName() + " cannot hold " + describe(token));
        }
    }

    private String text(FieldDescriptor field, JsonToken token) throws IOException, MalformedRequestException {
        if (token != JsonToken.VALUE_STRING) {
            throw invalid(field.getJsonName() + " must be a string, got " + describe(token));
        }
        return parser.getText();
    }

    /** The UTF-8 of a string value, which must be Unicode: what the body holds between its quotes must be UTF-8. */
    private byte[] utf8(FieldDescriptor field, JsonToken token) throws IOException, MalformedRequestException {
        long start = parser.currentTokenLocation().getByteOffset();
        String text = text(field, token);
        long end = parser.currentLocation().getByteOffset();
        int invalid = Utf8.firstInvalid(json, (int) start, (int) end);
        if (invalid >= 0) {
            throw new MalformedRequestException(String.format("invalid OTLP/JSON: %s is not valid UTF-8 (byte 0x%02x at offset %d)",
                    path(parser.getParsingContext()), json[invalid] & 0xFF, invalid));
        }
        int surrogate = loneSurrogate(text);
        if (surrogate >= 0) {
            throw invalid(path(parser.getParsingContext()) + " holds a lone surrogate (\\u"
                    + HEX.toHexDigits((char) surrogate) + "), which is not Unicode,");
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The first surrogate of {@code text} that is not half of a pair, or -1. */
    private static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return c;
            }
        }
        return -1;
    }

    /** Where the parser is, in the request's JSON names: {@code resourceSpans[0].scopeSpans[0].spans[3].name}. */
    static String path(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inArray()) {
                path.insert(0, "[" + Math.max(at.getCurrentIndex(), 0) + "]");
            } else if (at.getCurrentName() != null) {
                path.insert(0, "." + at.getCurrentName());
            }
        }
        return path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }

    private byte[] bytes(FieldDescriptor field, String text) throws MalformedRequestException {
        try {
            if (HEX_ID_FIELDS.contains(field.getName())) {
                return HEX.parseHex(text);
            }
            return text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(text)
                    : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw invalid(field.getJsonName() + " is not a " + (HEX_ID_FIELDS.contains(field.getName()) ? "hex" : "base64")
                    + " string: \"" + abbreviate(text) + "\"");
        }
    }

    private long int32(FieldDescriptor field, JsonToken token, boolean unsigned) throws IOException, MalformedRequestException {
        long value = integer(field, token, false);
        long min = unsigned ? 0 : Integer.MIN_VALUE;
        long max = unsigned ? 0xFFFFFFFFL : Integer.MAX_VALUE;
        if (value < min || value > max) {
            throw invalid(field.getJsonName() + " is out of range: " + value);
        }
        return value;
    }

    /** A 64-bit integer given as a JSON number or a string, as the JSON mapping allows. */
    private long integer(FieldDescriptor field, JsonToken token, boolean unsigned) throws IOException, MalformedRequestException {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_STRING) {
            throw invalid(field.getJsonName() + " must be an integer, got " + describe(token));
        }
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            long value = parser.getLongValue();
            if (!unsigned || value >= 0) {
                return value;
            }
        }
        String text = parser.getText().strip();
        try {
            return unsigned ? Long.parseUnsignedLong(text) : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return exactInteger(field, text, unsigned);
        }
    }

    /** The slow path: {@code 1e3}, {@code 10.0}, or a value out of range. */
    private long exactInteger(FieldDescriptor field, String text, boolean unsigned) throws MalformedRequestException {
        BigInteger value;
        try {
            value = new BigDecimal(text).toBigIntegerExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(field.getJsonName() + " is not an integer: \"" + abbreviate(text) + "\"");
        }
        BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.valueOf(Long.MIN_VALUE);
        BigInteger max = unsigned ? MAX_UINT64 : BigInteger.valueOf(Long.MAX_VALUE);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw invalid(field.getJsonName() + " is out of range: " + abbreviate(text));
        }
        return value.longValue();
    }

    private double floating(FieldDescriptor field, JsonToken token) throws IOException, MalformedRequestException {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDoubleValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            switch (text) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    if (text.length() <= MAX_NUMBER_LENGTH) {
                        try {
                            return Double.parseDouble(text);
                        } catch (NumberFormatException e) {
                            // named below
                        }
                    }
            }
        }
        throw invalid(field.getJsonName() + " must be a number, got " + describe(token));
    }

    private int enumNumber(FieldDescriptor field, JsonToken token) throws IOException, MalformedRequestException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return (int) int32(field, token, false);
        }
        if (token == JsonToken.VALUE_STRING) {
            EnumValueDescriptor value = field.getEnumType().findValueByName(parser.getText());
            if (value != null) {
                return value.getNumber();
            }
        }
        throw invalid(field.getJsonName() + " is not a value of " + field.getEnumType().getName() + ": " + describe(token));
    }

    private String describe(JsonToken token) throws IOException, MalformedRequestException {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "\"" + abbreviate(parser.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> parser.getText();
            default -> token.name();
        };
    }

    private MalformedRequestException invalid(String problem) {
        return new MalformedRequestException("invalid OTLP/JSON: " + problem + " at offset "
                + offset(parser.currentTokenLocation()));
    }

    /** Where in the body, in bytes: the parser reads bytes, so it counts no characters. */
    static long offset(JsonLocation location) {
        return location.getByteOffset() >= 0 ? location.getByteOffset() : location.getCharOffset();
    }

    private static int wireType(FieldDescriptor field) {
        return switch (field.getType()) {
            case DOUBLE, FIXED64, SFIXED64 -> 1;
            case FLOAT, FIXED32, SFIXED32 -> 5;
            default -> 0;
        };
    }

    private static Map<String, FieldDescriptor> fieldsByName(Descriptor type) {
        Map<String, FieldDescriptor> fields = new HashMap<>();
        for (FieldDescriptor field : type.getFields()) {
            fields.put(field.getName(), field);
            fields.put(field.getJsonName(), field);
        }
        return Map.copyOf(fields);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
