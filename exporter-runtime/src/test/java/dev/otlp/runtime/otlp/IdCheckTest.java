package dev.otlp.runtime.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ids are checked at the door, during the wire walk, and a bad one is named by its place in the request. */
class IdCheckTest {

    private static final ByteString TRACE_ID = ByteString.copyFrom(new byte[16]);
    private static final ByteString SPAN_ID = ByteString.copyFrom(new byte[8]);

    private static Span.Builder span() {
        return Span.newBuilder().setTraceId(TRACE_ID).setSpanId(SPAN_ID).setName("GET /cart");
    }

    private static byte[] traces(Span.Builder... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (Span.Builder span : spans) {
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.getDefaultInstance()))
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.getDefaultInstance()).addScopeSpans(scope))
                .build().toByteArray();
    }

    @Test
    void acceptsSpansWithWellFormedIdsAndAnEmptyParent() throws Exception {
        assertThat(WireFormat.countItems(Signal.TRACES, traces(span(), span().setParentSpanId(SPAN_ID),
                span().addLinks(Span.Link.newBuilder().setTraceId(TRACE_ID).setSpanId(SPAN_ID))))).isEqualTo(3);
    }

    @Test
    void refusesASpanWhoseTraceIdIsNot16BytesNamingItsPlace() {
        assertThatThrownBy(() -> WireFormat.countItems(Signal.TRACES,
                traces(span(), span().setTraceId(ByteString.copyFrom(new byte[2])))))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessage("resource_spans[1].scope_spans[1].spans[1].trace_id has 2 bytes; a trace id has 16");
    }

    @Test
    void refusesASpanWithoutASpanId() {
        assertThatThrownBy(() -> WireFormat.countItems(Signal.TRACES, traces(span().clearSpanId())))
                .hasMessage("resource_spans[1].scope_spans[1].spans[0].span_id is missing; a span id has 8 bytes");
    }

    @Test
    void refusesAParentSpanIdOfTheWrongLength() {
        assertThatThrownBy(() -> WireFormat.countItems(Signal.TRACES,
                traces(span().setParentSpanId(ByteString.copyFrom(new byte[4])))))
                .hasMessage("resource_spans[1].scope_spans[1].spans[0].parent_span_id has 4 bytes; a span id has 8, or none");
    }

    @Test
    void refusesALinkWithABadSpanId() {
        assertThatThrownBy(() -> WireFormat.countItems(Signal.TRACES, traces(span()
                .addLinks(Span.Link.newBuilder().setTraceId(TRACE_ID).setSpanId(SPAN_ID))
                .addLinks(Span.Link.newBuilder().setTraceId(TRACE_ID).setSpanId(ByteString.copyFrom(new byte[9]))))))
                .hasMessage("resource_spans[1].scope_spans[1].spans[0].links[1].span_id has 9 bytes; a span id has 8");
    }

    @Test
    void acceptsLogRecordsWithoutIdsAndRefusesOnesWithBadIds() throws Exception {
        byte[] withoutIds = logs(LogRecord.newBuilder().setTimeUnixNano(1));
        byte[] badTraceId = logs(LogRecord.newBuilder().setTraceId(ByteString.copyFrom(new byte[3])));

        assertThat(WireFormat.countItems(Signal.LOGS, withoutIds)).isEqualTo(1);
        assertThatThrownBy(() -> WireFormat.countItems(Signal.LOGS, badTraceId))
                .hasMessage("resource_logs[0].scope_logs[0].log_records[0].trace_id has 3 bytes; a trace id has 16, or none");
    }

    private static byte[] logs(LogRecord.Builder record) {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(record))).build().toByteArray();
    }
}
