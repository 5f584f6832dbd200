package dev.otlp.runtime.receiver;

import dev.otlp.runtime.otlp.SampleRequests;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.Admission;
import dev.otlp.runtime.pipeline.Intake;
import dev.otlp.runtime.queue.Payload;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An intake that records every payload offered and answers as told. Reading its content parses
 * each payload and checks that the item count the receiver attached matches the parsed content.
 */
final class RecordingIntake implements Intake {

    private final List<Payload> offered = new CopyOnWriteArrayList<>();
    private volatile Admission answer;

    RecordingIntake(Admission answer) {
        this.answer = answer;
    }

    static RecordingIntake accepting() {
        return new RecordingIntake(Admission.ACCEPTED);
    }

    void answer(Admission answer) {
        this.answer = answer;
    }

    @Override
    public Admission offer(Payload payload) {
        offered.add(payload);
        return answer;
    }

    List<Payload> payloads() {
        return offered;
    }

    List<Payload> payloads(Signal signal) {
        return offered.stream().filter(p -> p.signal() == signal).toList();
    }

    List<Span> spans() throws Exception {
        List<Span> spans = new ArrayList<>();
        for (Payload payload : payloads(Signal.TRACES)) {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(payload.bytes());
            assertThat(payload.items()).as("items of a traces payload").isEqualTo(SampleRequests.spans(request));
            request.getResourceSpansList().forEach(r -> r.getScopeSpansList().forEach(s -> spans.addAll(s.getSpansList())));
        }
        return spans;
    }

    List<Metric> metrics() throws Exception {
        List<Metric> metrics = new ArrayList<>();
        for (Payload payload : payloads(Signal.METRICS)) {
            ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(payload.bytes());
            assertThat(payload.items()).as("items of a metrics payload").isEqualTo(SampleRequests.dataPoints(request));
            request.getResourceMetricsList().forEach(r -> r.getScopeMetricsList().forEach(s -> metrics.addAll(s.getMetricsList())));
        }
        return metrics;
    }

    List<LogRecord> logRecords() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        for (Payload payload : payloads(Signal.LOGS)) {
            ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(payload.bytes());
            assertThat(payload.items()).as("items of a logs payload").isEqualTo(SampleRequests.logRecords(request));
            request.getResourceLogsList().forEach(r -> r.getScopeLogsList().forEach(s -> records.addAll(s.getLogRecordsList())));
        }
        return records;
    }
}
