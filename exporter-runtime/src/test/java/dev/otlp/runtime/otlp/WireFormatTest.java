package dev.otlp.runtime.otlp;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireFormatTest {

    private final Random random = new Random(42);

    @Test
    void countsSpansAsProtobufParsingDoes() throws Exception {
        for (int i = 0; i < 200; i++) {
            ExportTraceServiceRequest request = SampleRequests.traces(random, random.nextInt(4));
            byte[] bytes = request.toByteArray();

            assertThat(WireFormat.countItems(Signal.TRACES, bytes))
                    .isEqualTo(SampleRequests.spans(ExportTraceServiceRequest.parseFrom(bytes)));
        }
    }

    @Test
    void countsDataPointsOfEveryMetricTypeAsProtobufParsingDoes() throws Exception {
        for (int i = 0; i < 200; i++) {
            byte[] bytes = SampleRequests.metrics(random, random.nextInt(4)).toByteArray();

            assertThat(WireFormat.countItems(Signal.METRICS, bytes))
                    .isEqualTo(SampleRequests.dataPoints(ExportMetricsServiceRequest.parseFrom(bytes)));
        }
    }

    @Test
    void countsLogRecordsAsProtobufParsingDoes() throws Exception {
        for (int i = 0; i < 200; i++) {
            byte[] bytes = SampleRequests.logs(random, random.nextInt(4)).toByteArray();

            assertThat(WireFormat.countItems(Signal.LOGS, bytes))
                    .isEqualTo(SampleRequests.logRecords(ExportLogsServiceRequest.parseFrom(bytes)));
        }
    }

    @Test
    void countsConcatenatedRequestsAsOneRequest() throws Exception {
        ExportTraceServiceRequest first = SampleRequests.traces(random, 2);
        ExportTraceServiceRequest second = SampleRequests.traces(random, 3);
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        first.writeTo(both);
        second.writeTo(both);

        assertThat(WireFormat.countItems(Signal.TRACES, both.toByteArray()))
                .isEqualTo(SampleRequests.spans(first) + SampleRequests.spans(second));
    }

    @Test
    void countsWithoutAllocatingMemory() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] request = SampleRequests.metrics(random, 3).toByteArray();
        long thread = Thread.currentThread().getId();
        long total = 0;
        for (int i = 0; i < 1_000; i++) {
            total += WireFormat.countItems(Signal.METRICS, request);
        }

        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            total += WireFormat.countItems(Signal.METRICS, request);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(total).isPositive();
        assertThat(allocated).as("bytes allocated by 100,000 walks").isLessThan(10_000);
    }

    @Test
    void countsNothingInAnEmptyRequest() throws Exception {
        assertThat(WireFormat.countItems(Signal.LOGS, new byte[0])).isZero();
    }

    @Test
    void rejectsTheRequestTruncatedAtEveryByteOffset() {
        byte[] request = SampleRequests.smallTraces().toByteArray();

        for (int length = 1; length < request.length; length++) {
            byte[] truncated = Arrays.copyOf(request, length);
            assertThatThrownBy(() -> WireFormat.countItems(Signal.TRACES, truncated))
                    .as("truncated to %d of %d bytes", length, request.length)
                    .isInstanceOf(MalformedRequestException.class)
                    .hasMessageMatching("truncated .* at offset \\d+");
        }
    }

    @Test
    void rejectsANestedMessageLongerThanItsParent() {
        // ResourceSpans of 3 bytes holding a ScopeSpans that claims 5
        byte[] request = HexFormat.of().parseHex("0a03120500");

        assertThatThrownBy(() -> WireFormat.countItems(Signal.TRACES, request))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessage("truncated length-delimited field 2 at offset 2");
    }

    @Test
    void rejectsGroupsAndUnknownWireTypes() {
        assertThatThrownBy(() -> WireFormat.countItems(Signal.TRACES, HexFormat.of().parseHex("0b")))
                .hasMessage("unsupported group (wire type 3) in field 1 at offset 0");
        assertThatThrownBy(() -> WireFormat.countItems(Signal.TRACES, HexFormat.of().parseHex("0800 0c".replace(" ", ""))))
                .hasMessage("unsupported group (wire type 4) in field 1 at offset 2");
        assertThatThrownBy(() -> WireFormat.countItems(Signal.METRICS, HexFormat.of().parseHex("0e")))
                .hasMessage("invalid wire type 6 in field 1 at offset 0");
        assertThatThrownBy(() -> WireFormat.countItems(Signal.LOGS, HexFormat.of().parseHex("0f")))
                .hasMessage("invalid wire type 7 in field 1 at offset 0");
    }

    @Test
    void rejectsBadVarints() {
        byte[] elevenBytes = HexFormat.of().parseHex("08" + "ff".repeat(10) + "01");
        assertThatThrownBy(() -> WireFormat.countItems(Signal.TRACES, elevenBytes))
                .hasMessage("malformed varint (more than 10 bytes) at offset 1");
        assertThatThrownBy(() -> WireFormat.countItems(Signal.TRACES, HexFormat.of().parseHex("0aff")))
                .hasMessage("truncated varint at offset 1");
        assertThatThrownBy(() -> WireFormat.countItems(Signal.TRACES, HexFormat.of().parseHex("0affffffff7f")))
                .hasMessage("varint at offset 1 exceeds 32 bits");
        assertThatThrownBy(() -> WireFormat.countItems(Signal.TRACES, HexFormat.of().parseHex("00")))
                .hasMessage("invalid field number 0 at offset 0");
    }

    @Test
    void rejectsTruncatedFixedWidthFields() {
        assertThatThrownBy(() -> WireFormat.countItems(Signal.TRACES, HexFormat.of().parseHex("19000000")))
                .hasMessage("truncated fixed64 field 3 at offset 0");
        assertThatThrownBy(() -> WireFormat.countItems(Signal.LOGS, HexFormat.of().parseHex("0a031d0000")))
                .hasMessage("truncated fixed32 field 3 at offset 2");
    }

    @Test
    void skipsFieldsItDoesNotKnowWithoutCountingThem() throws Exception {
        // unknown field 5 (length 2) at the top, then one ResourceLogs > ScopeLogs > one empty LogRecord
        byte[] request = HexFormat.of().parseHex("2a021200" + "0a04" + "1202" + "1200");

        assertThat(WireFormat.countItems(Signal.LOGS, request)).isEqualTo(1);
    }
}
