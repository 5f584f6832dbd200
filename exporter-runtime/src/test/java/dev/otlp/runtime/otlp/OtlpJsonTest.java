package dev.otlp.runtime.otlp;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

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

        byte[] protobuf = OtlpJson.toProtobuf(Signal.TRACES, json.getBytes(StandardCharsets.UTF_8));

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

        byte[] protobuf = OtlpJson.toProtobuf(Signal.LOGS, json.getBytes(StandardCharsets.UTF_8));

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

        byte[] protobuf = OtlpJson.toProtobuf(Signal.METRICS, json.getBytes(StandardCharsets.UTF_8));

        assertThat(ExportMetricsServiceRequest.parseFrom(protobuf).getResourceMetrics(0).getScopeMetrics(0)
                .getMetrics(0).getGauge().getDataPointsCount()).isEqualTo(2);
    }

    @Test
    void namesAnIdThatIsNotHex() {
        String json = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"AAAAAAAAAAAAAAAAAAAAAA==","name":"x"}]}]}]}
                """;

        assertThatThrownBy(() -> OtlpJson.toProtobuf(Signal.TRACES, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessage("traceId is not a hex string: \"AAAAAAAAAAAAAAAAAAAAAA==\"");
    }

    @Test
    void saysWhereJsonIsBroken() {
        assertThatThrownBy(() -> OtlpJson.toProtobuf(Signal.TRACES, "{\"resourceSpans\":[".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageStartingWith("invalid JSON: ");
        assertThatThrownBy(() -> OtlpJson.toProtobuf(Signal.TRACES, "[]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("the body is not a JSON object");
        assertThatThrownBy(() -> OtlpJson.toProtobuf(Signal.TRACES, "{\"resourceSpans\":7}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("invalid OTLP/JSON traces request: ");
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
        String deep = "{\"resourceSpans\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        assertThatThrownBy(() -> OtlpJson.toProtobuf(Signal.TRACES, deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageStartingWith("invalid JSON: ")
                .hasMessageContaining("nesting depth").hasMessageContaining(Integer.toString(OtlpJson.MAX_NESTING_DEPTH));
    }

    @Test
    void refusesANumberLongerThanAnyOtlpNumber() {
        String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":"
                + "9".repeat(200_000) + "}]}]}]}";

        assertThatThrownBy(() -> OtlpJson.toProtobuf(Signal.TRACES, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("Number value length").hasMessageContaining(Integer.toString(OtlpJson.MAX_NUMBER_LENGTH));
    }

    @Test
    void refusesAValueOfTheWrongShapeAsMalformed() {
        String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":{\"a\":1}}]}]}]}";

        assertThatThrownBy(() -> OtlpJson.toProtobuf(Signal.TRACES, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageStartingWith("invalid OTLP/JSON traces request: ");
    }
}
