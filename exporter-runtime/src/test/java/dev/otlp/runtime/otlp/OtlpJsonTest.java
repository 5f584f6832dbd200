package dev.otlp.runtime.otlp;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.otlp.runtime.compression.Reservation;
import dev.otlp.runtime.compression.ReservationRefusedException;
import dev.otlp.runtime.compression.TooLargeException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtlpJsonTest {

    private static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
    private static final String SPAN_ID = "eee19b7ec3c1b174";
    private static final String PARENT_ID = "eee19b7ec3c1b173";

    @Test
    void readsTraceAndSpanIdsAsHexStrings() throws Exception {
        String json = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
                  "scopeSpans":[{"scope":{"name":"manual"},"spans":[{
                    "traceId":"%s","spanId":"%s","parentSpanId":"%s","name":"GET /cart","kind":2,
                    "startTimeUnixNano":"1544712660000000000","endTimeUnixNano":1544712661000000000,
                    "attributes":[{"key":"http.status_code","value":{"intValue":"200"}}],
                    "links":[{"traceId":"%s","spanId":"%s"}],
                    "status":{"code":1}}]}]}]}
                """.formatted(TRACE_ID.toUpperCase(), SPAN_ID, PARENT_ID, TRACE_ID, PARENT_ID);

        byte[] protobuf = toProtobuf(Signal.TRACES, json.getBytes(StandardCharsets.UTF_8));

        Span span = ExportTraceServiceRequest.parseFrom(protobuf).getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertThat(span.getTraceId().toByteArray()).isEqualTo(HexFormat.of().parseHex(TRACE_ID));
        assertThat(span.getSpanId().toByteArray()).isEqualTo(HexFormat.of().parseHex(SPAN_ID));
        assertThat(span.getParentSpanId().toByteArray()).isEqualTo(HexFormat.of().parseHex(PARENT_ID));
        assertThat(span.getLinks(0).getSpanId().toByteArray()).isEqualTo(HexFormat.of().parseHex(PARENT_ID));
        assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(span.getEndTimeUnixNano()).isEqualTo(1544712661000000000L);
        assertThat(span.getAttributes(0).getValue().getIntValue()).isEqualTo(200);
        assertThat(WireFormat.countItems(Signal.TRACES, protobuf)).isEqualTo(1);
    }

    @Test
    void readsLogRecordIdsAsHexStrings() throws Exception {
        String json = """
                {"resourceLogs":[{"scopeLogs":[{"logRecords":[{
                  "timeUnixNano":"1544712660300000000","severityNumber":17,"severityText":"ERROR",
                  "body":{"stringValue":"payment failed"},"traceId":"%s","spanId":"%s"}]}]}]}
                """.formatted(TRACE_ID, SPAN_ID);

        byte[] protobuf = toProtobuf(Signal.LOGS, json.getBytes(StandardCharsets.UTF_8));

        LogRecord log = ExportLogsServiceRequest.parseFrom(protobuf).getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
        assertThat(log.getTraceId().toByteArray()).isEqualTo(HexFormat.of().parseHex(TRACE_ID));
        assertThat(log.getSpanId().toByteArray()).isEqualTo(HexFormat.of().parseHex(SPAN_ID));
        assertThat(log.getSeverityNumberValue()).isEqualTo(17);
        assertThat(log.getBody().getStringValue()).isEqualTo("payment failed");
    }

    @Test
    void ignoresFieldsTheSpecDoesNotKnow() throws Exception {
        String json = """
                {"resourceMetrics":[{"futureField":{"x":[1,2]},"scopeMetrics":[{"metrics":[{"name":"cpu",
                  "gauge":{"dataPoints":[{"asDouble":0.5,"novelty":true},{"asInt":"3"}]}}]}]}],"extra":1}
                """;

        byte[] protobuf = toProtobuf(Signal.METRICS, json.getBytes(StandardCharsets.UTF_8));

        assertThat(ExportMetricsServiceRequest.parseFrom(protobuf).getResourceMetrics(0).getScopeMetrics(0)
                .getMetrics(0).getGauge().getDataPointsCount()).isEqualTo(2);
    }

    @Test
    void namesAnIdThatIsNotHex() {
        String json = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"AAAAAAAAAAAAAAAAAAAAAA==","name":"x"}]}]}]}
                """;

        assertThatThrownBy(() -> toProtobuf(Signal.TRACES, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageStartingWith("invalid OTLP/JSON: traceId is not a hex string: \"AAAAAAAAAAAAAAAAAAAAAA==\" at offset ");
    }

    @Test
    void saysWhereJsonIsBroken() {
        assertThatThrownBy(() -> toProtobuf(Signal.TRACES, "{\"resourceSpans\":[".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageStartingWith("invalid JSON: ");
        assertThatThrownBy(() -> toProtobuf(Signal.TRACES, "[]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("the body is not a JSON object");
        assertThatThrownBy(() -> toProtobuf(Signal.TRACES, "{\"resourceSpans\":7}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("invalid OTLP/JSON: resourceSpans must be an array, got 7 at offset 17");
    }

    @Test
    void rendersAnEmptyExportResponseAsAnEmptyObject() {
        for (Signal signal : Signal.values()) {
            assertThat(new String(OtlpJson.exportResponse(signal), StandardCharsets.UTF_8)).isEqualTo("{}");
        }
    }

    @Test
    void rendersStatusMessages() {
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder().setCode(3).setMessage("truncated").build();

        assertThat(new String(OtlpJson.print(status), StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":3,\"message\":\"truncated\"}");
    }

    @Test
    void refusesNestingDeeperThanOtlpNeedsWithoutRecursingIntoIt() {
        String deep = "{\"fromANewerSpec\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        assertThatThrownBy(() -> toProtobuf(Signal.TRACES, deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageStartingWith("invalid JSON: ")
                .hasMessageContaining("nesting depth").hasMessageContaining(Integer.toString(JsonTranscoder.MAX_NESTING_DEPTH));
    }

    @Test
    void refusesANumberLongerThanAnyOtlpNumber() {
        String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":"
                + "9".repeat(200_000) + "}]}]}]}";

        assertThatThrownBy(() -> toProtobuf(Signal.TRACES, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("Number value length").hasMessageContaining(Integer.toString(JsonTranscoder.MAX_NUMBER_LENGTH));
    }

    @Test
    void refusesAValueOfTheWrongShapeAsMalformed() {
        String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":{\"a\":1}}]}]}]}";

        assertThatThrownBy(() -> toProtobuf(Signal.TRACES, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageStartingWith("invalid OTLP/JSON: startTimeUnixNano must be an integer, got an object");
    }

    @Test
    void namesTheFieldOfAValueOutOfItsRange() {
        String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"kind\":4294967296}]}]}]}";

        assertThatThrownBy(() -> toProtobuf(Signal.TRACES, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageStartingWith("invalid OTLP/JSON: kind is out of range: 4294967296");
        String negative = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":-1}]}]}]}";
        assertThatThrownBy(() -> toProtobuf(Signal.TRACES, negative.getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("invalid OTLP/JSON: startTimeUnixNano is out of range: -1");
    }

    @Test
    void transcodesEveryFieldOfGeneratedRequestsAsProtobufsOwnJsonParserReadsThem() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            assertTranscodesLikeProtobuf(Signal.TRACES, SampleRequests.traces(random, 3), ExportTraceServiceRequest.newBuilder());
            assertTranscodesLikeProtobuf(Signal.METRICS, SampleRequests.metrics(random, 3), ExportMetricsServiceRequest.newBuilder());
            assertTranscodesLikeProtobuf(Signal.LOGS, SampleRequests.logs(random, 3), ExportLogsServiceRequest.newBuilder());
        }
    }

    @Test
    void acceptsIntegersAsStringsOrExactDecimalsAndFloatsAsTheirJsonNames() throws Exception {
        String json = """
                {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[
                  {"timeUnixNano":"1e3","asDouble":"NaN"},{"timeUnixNano":2.0,"asDouble":"-Infinity"},
                  {"timeUnixNano":"18446744073709551615","asInt":-5}]}}]}]}]}
                """;

        var points = ExportMetricsServiceRequest.parseFrom(toProtobuf(Signal.METRICS, json.getBytes(StandardCharsets.UTF_8)))
                .getResourceMetrics(0).getScopeMetrics(0).getMetrics(0).getGauge().getDataPointsList();

        assertThat(points.get(0).getTimeUnixNano()).isEqualTo(1000);
        assertThat(points.get(0).getAsDouble()).isNaN();
        assertThat(points.get(1).getTimeUnixNano()).isEqualTo(2);
        assertThat(points.get(1).getAsDouble()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Long.toUnsignedString(points.get(2).getTimeUnixNano())).isEqualTo("18446744073709551615");
        assertThat(points.get(2).getAsInt()).isEqualTo(-5);
    }

    @Test
    void refusesOutputLargerThanTheLimitAndMemoryItCannotReserve() throws Exception {
        byte[] hexJson = SampleRequests.otlpJson(SampleRequests.traces(new Random(1), 20));

        assertThatThrownBy(() -> OtlpJson.toProtobuf(Signal.TRACES, hexJson, 1024, Reservation.NONE))
                .isInstanceOf(TooLargeException.class);
        assertThatThrownBy(() -> OtlpJson.toProtobuf(Signal.TRACES, hexJson, Long.MAX_VALUE, bytes -> {
            throw new ReservationRefusedException("busy");
        })).isInstanceOf(ReservationRefusedException.class);
    }

    @Test
    void reservesWhatItHoldsAndNeverMoreThanTwiceTheOutputBesidesTheCopy() throws Exception {
        byte[] json = SampleRequests.otlpJson(SampleRequests.traces(new Random(2), 50));
        long[] reserved = {0};

        byte[] protobuf = OtlpJson.toProtobuf(Signal.TRACES, json, Long.MAX_VALUE, bytes -> reserved[0] += bytes);

        assertThat(reserved[0]).isGreaterThanOrEqualTo(protobuf.length).isLessThanOrEqualTo(3L * Math.max(protobuf.length, json.length / 2));
    }

    @Test
    void refusesALoneSurrogateNamingTheField() {
        for (String surrogate : new String[] {"\\ud800", "\\udfff", "x\\ud83d", "\\ude00y"}) {
            String json = """
                    {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"%s","spanId":"%s","name":"ok"},
                      {"traceId":"%s","spanId":"%s","name":"%s"}]}]}]}
                    """.formatted(TRACE_ID, SPAN_ID, TRACE_ID, SPAN_ID, surrogate);

            assertThatThrownBy(() -> toProtobuf(Signal.TRACES, json.getBytes(StandardCharsets.UTF_8)))
                    .as(surrogate)
                    .isInstanceOf(MalformedRequestException.class)
                    .hasMessageMatching("invalid OTLP/JSON: resourceSpans\\[0]\\.scopeSpans\\[0]\\.spans\\[1]\\.name "
                            + "holds a lone surrogate \\(\\\\ud[89a-f][0-9a-f]{2}\\), which is not Unicode, at offset \\d+");
        }
    }

    @Test
    void refusesBytesThatAreNotUtf8InAStringNamingTheField() {
        // overlong '/', an encoded surrogate, above U+10FFFF, a stray continuation byte
        for (String bad : new String[] {"c0af", "eda080", "f4908080", "80"}) {
            byte[] json = concat("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"stringValue\":\"a",
                    HexFormat.of().parseHex(bad), "\"}}]}]}]}");

            assertThatThrownBy(() -> toProtobuf(Signal.LOGS, json))
                    .as(bad)
                    .isInstanceOf(MalformedRequestException.class)
                    .hasMessageMatching("invalid (OTLP/)?JSON: .*resourceLogs\\[0]\\.scopeLogs\\[0]\\.logRecords\\[0]\\.body\\.stringValue.*"
                            + "at offset \\d+\\)?");
        }
    }

    @Test
    void carriesMultiByteUtf8ByteForByteWhetherRawOrEscaped() throws Exception {
        String text = "注文を取得 🚀 café \u0080\u07ff\u0800\uffff\ud800\udc00\udbff\udfff";
        String escaped = text.chars().mapToObj(c -> String.format("\\u%04x", c)).collect(java.util.stream.Collectors.joining());
        for (String written : new String[] {text, escaped}) {
            String json = """
                    {"resourceSpans":[{"resource":{"attributes":[{"key":"%s","value":{"stringValue":"%s"}}]},
                      "scopeSpans":[{"spans":[{"traceId":"%s","spanId":"%s","name":"%s"}]}]}]}
                    """.formatted(written, written, TRACE_ID, SPAN_ID, written);

            byte[] protobuf = toProtobuf(Signal.TRACES, json.getBytes(StandardCharsets.UTF_8));

            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(protobuf);
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            assertThat(request.getResourceSpans(0).getScopeSpans(0).getSpans(0).getNameBytes().toByteArray()).isEqualTo(utf8);
            assertThat(request.getResourceSpans(0).getResource().getAttributes(0).getKeyBytes().toByteArray()).isEqualTo(utf8);
            assertThat(request.getResourceSpans(0).getResource().getAttributes(0).getValue().getStringValueBytes().toByteArray())
                    .isEqualTo(utf8);
            assertThat(WireFormat.countItems(Signal.TRACES, protobuf)).isEqualTo(1);
        }
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + middle.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(middle, 0, all, head.length, middle.length);
        System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
        return all;
    }

    private static void assertTranscodesLikeProtobuf(Signal signal, Message request, Message.Builder expected) throws Exception {
        JsonFormat.parser().merge(JsonFormat.printer().print(request), expected);

        byte[] protobuf = toProtobuf(signal, SampleRequests.otlpJson(request));

        assertThat(expected.build().getParserForType().parseFrom(protobuf)).isEqualTo(expected.build());
    }

    private static byte[] toProtobuf(Signal signal, byte[] json) throws Exception {
        return OtlpJson.toProtobuf(signal, json, Long.MAX_VALUE, Reservation.NONE);
    }
}
