package dev.otlp.runtime.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Protobuf {@code string} fields must be valid UTF-8 (proto3): the walk refuses a request with one that is not, saying where. */
class WireFormatUtf8Test {

    @Test
    void refusesInvalidUtf8InASpanAttributeValueNamingWhere() {
        ExportTraceServiceRequest.Builder request = SampleRequests.smallTraces().toBuilder();
        request.getResourceSpansBuilder(0).getScopeSpansBuilder(0).getSpansBuilder(1)
                .addAttributes(KeyValue.newBuilder().setKey("user.name").setValue(AnyValue.newBuilder().setStringValue(InvalidUtf8.MARKER)));

        assertRefused(Signal.TRACES, request.build().toByteArray(),
                "resource_spans[0].scope_spans[0].spans[1].attributes[1].value.string_value");
    }

    @Test
    void refusesInvalidUtf8InASpanName() {
        ExportTraceServiceRequest.Builder request = SampleRequests.smallTraces().toBuilder();
        request.getResourceSpansBuilder(0).getScopeSpansBuilder(0).getSpansBuilder(0).setName(InvalidUtf8.MARKER);

        assertRefused(Signal.TRACES, request.build().toByteArray(), "resource_spans[0].scope_spans[0].spans[0].name");
    }

    @Test
    void refusesInvalidUtf8InAResourceAttributeKey() {
        ExportTraceServiceRequest.Builder request = SampleRequests.smallTraces().toBuilder();
        request.getResourceSpansBuilder(0).getResourceBuilder()
                .addAttributes(KeyValue.newBuilder().setKey(InvalidUtf8.MARKER).setValue(AnyValue.newBuilder().setIntValue(1)));

        assertRefused(Signal.TRACES, request.build().toByteArray(), "resource_spans[0].resource.attributes[1].key");
    }

    @Test
    void refusesInvalidUtf8InEveryStringFieldOfEverySignal() {
        Map<Signal, Descriptor> requests = Map.of(
                Signal.TRACES, ExportTraceServiceRequest.getDescriptor(),
                Signal.METRICS, ExportMetricsServiceRequest.getDescriptor(),
                Signal.LOGS, ExportLogsServiceRequest.getDescriptor());
        int checked = 0;
        for (Map.Entry<Signal, Descriptor> request : requests.entrySet()) {
            for (List<FieldDescriptor> path : stringFields(request.getValue(), new ArrayList<>())) {
                byte[] bytes = requestWithMarkerAt(request.getValue(), path, 0).toByteArray();
                assertRefused(request.getKey(), bytes, name(path));
                checked++;
            }
        }
        assertThat(checked).as("string fields reachable from the three requests").isGreaterThan(40);
    }

    @Test
    void acceptsMultiByteUtf8AndAnyBytesInBytesFields() throws Exception {
        ExportTraceServiceRequest.Builder request = SampleRequests.smallTraces().toBuilder();
        request.getResourceSpansBuilder(0).getScopeSpansBuilder(0).getSpansBuilder(0)
                .setName("注文を取得 🚀 café \u0080\u07ff\u0800\uffff\ud800\udc00\udbff\udfff")
                .addAttributes(KeyValue.newBuilder().setKey("键").setValue(AnyValue.newBuilder()
                        .setBytesValue(ByteString.copyFrom(InvalidUtf8.BAD))));

        assertThat(WireFormat.countItems(Signal.TRACES, request.build().toByteArray())).isEqualTo(2);
    }

    @Test
    void refusesWhatStrictUtf8RefusesAndNothingElse() {
        String[] invalid = {
                "80", "bf", "c0af", "c1bf", "e080af", "eda080", "edbfbf", "f08080af", "f4908080", "f5808080", "ff",
                "c3", "e282", "f09f98", "c328", "e228a1", "f0289f98"};
        for (String hex : invalid) {
            assertThat(Utf8.firstInvalid(HexFormat.of().parseHex("41" + hex + "42"), 0, hex.length() / 2 + 2))
                    .as(hex).isEqualTo(1);
        }
        String[] valid = {"", "41", "c280", "dfbf", "e0a080", "ed9fbf", "ee8080", "efbfbf", "f0908080", "f48fbfbf"};
        for (String hex : valid) {
            byte[] bytes = HexFormat.of().parseHex(hex);
            assertThat(Utf8.firstInvalid(bytes, 0, bytes.length)).as(hex).isEqualTo(-1);
        }
    }

    @Test
    void agreesWithTheJdksStrictDecoderOnRandomBytes() {
        java.util.Random random = new java.util.Random(8);
        for (int i = 0; i < 100_000; i++) {
            byte[] bytes = new byte[random.nextInt(24)];
            for (int j = 0; j < bytes.length; j++) {
                // mostly ASCII and the bytes around the edges of multi-byte sequences
                bytes[j] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 0x70 + random.nextInt(0x90));
            }
            boolean jdkValid;
            try {
                java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
                jdkValid = true;
            } catch (java.nio.charset.CharacterCodingException e) {
                jdkValid = false;
            }
            assertThat(Utf8.firstInvalid(bytes, 0, bytes.length) < 0).as(HexFormat.of().formatHex(bytes)).isEqualTo(jdkValid);
        }
    }

    @Test
    void agreesWithTheJdksStrictDecoderOnStringsInsideALargerBuffer() {
        // Strings are checked where they lie in the request: the bytes around them (lengths, ids) must not count.
        java.util.Random random = new java.util.Random(9);
        for (int i = 0; i < 100_000; i++) {
            byte[] buffer = new byte[40];
            random.nextBytes(buffer);
            int length = random.nextInt(20);
            int pos = random.nextInt(buffer.length - length + 1);
            for (int j = pos; j < pos + length; j++) {
                buffer[j] = (byte) (random.nextInt(8) == 0 ? random.nextInt(256) : 0x20 + random.nextInt(0x60));
            }
            boolean jdkValid;
            try {
                java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(buffer, pos, length));
                jdkValid = true;
            } catch (java.nio.charset.CharacterCodingException e) {
                jdkValid = false;
            }
            assertThat(Utf8.firstInvalid(buffer, pos, pos + length) < 0)
                    .as("%s at %d..%d", HexFormat.of().formatHex(buffer), pos, pos + length).isEqualTo(jdkValid);
        }
    }

    private static void assertRefused(Signal signal, byte[] withMarker, String field) {
        int offset = InvalidUtf8.markerOffset(withMarker);
        byte[] request = InvalidUtf8.replaceMarker(withMarker);

        assertThatThrownBy(() -> WireFormat.countItems(signal, request))
                .as(field)
                .isInstanceOf(MalformedRequestException.class)
                .hasMessage(field + " is not valid UTF-8 (byte 0x80 at offset " + offset + ")");
    }

    /** Every path from {@code type} down to a string field, entering each message type at most once per path. */
    private static List<List<FieldDescriptor>> stringFields(Descriptor type, List<Descriptor> entered) {
        List<List<FieldDescriptor>> paths = new ArrayList<>();
        entered.add(type);
        for (FieldDescriptor field : type.getFields()) {
            if (field.getType() == FieldDescriptor.Type.STRING) {
                paths.add(new ArrayList<>(List.of(field)));
            } else if (field.getType() == FieldDescriptor.Type.MESSAGE && !entered.contains(field.getMessageType())) {
                for (List<FieldDescriptor> below : stringFields(field.getMessageType(), entered)) {
                    below.add(0, field);
                    paths.add(below);
                }
            }
        }
        entered.remove(entered.size() - 1);
        return paths;
    }

    /** A message of {@code type} with the marker in the string field at the end of {@code path}, and valid ids on the way. */
    private static Message requestWithMarkerAt(Descriptor type, List<FieldDescriptor> path, int depth) {
        DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
        for (FieldDescriptor field : type.getFields()) {
            if (field.getName().equals("trace_id")) {
                message.setField(field, ByteString.copyFrom(HexFormat.of().parseHex("11".repeat(16))));
            } else if (field.getName().equals("span_id")) {
                message.setField(field, ByteString.copyFrom(HexFormat.of().parseHex("22".repeat(8))));
            }
        }
        FieldDescriptor field = path.get(depth);
        Object value = depth == path.size() - 1 ? InvalidUtf8.MARKER : requestWithMarkerAt(field.getMessageType(), path, depth + 1);
        if (field.isRepeated()) {
            message.addRepeatedField(field, value);
        } else {
            message.setField(field, value);
        }
        return message.build();
    }

    private static String name(List<FieldDescriptor> path) {
        return path.stream().map(field -> field.getName() + (field.isRepeated() ? "[0]" : "")).collect(Collectors.joining("."));
    }
}
