package dev.otlp.runtime.queue;

import dev.otlp.runtime.otlp.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Frees a segment that only a few stuck records keep: records taken by batches that do not settle
 * (the upstream answers them with a retryable error for ever) while everything else in the segment
 * was delivered. They are copied to a segment of their own, their delivery is noted there from then
 * on, and the segment is deleted. Prometheus's WAL checkpoint does the same for the records its
 * oldest segments still need. A crash between the copy and the deletion leaves both, and those
 * records are sent twice, never lost.
 */
final class Stragglers {

    private static final Logger log = LoggerFactory.getLogger(Stragglers.class);

    private final Signal signal;
    private final QueueBudget budget;
    private final SegmentWriter writer;
    private final Deliveries deliveries;

    Stragglers(Signal signal, QueueBudget budget, SegmentWriter writer, Deliveries deliveries) {
        this.signal = signal;
        this.budget = budget;
        this.writer = writer;
        this.deliveries = deliveries;
    }

    /** Moves {@code stuck}, the records {@code segment} still waits for, and deletes it, when they are at most half of it. */
    void relocate(Segment segment, List<SegmentLog.Location> stuck) {
        long stuckBytes = stuck.stream().mapToLong(record -> record.payload() - record.position() + record.length()).sum();
        if (stuckBytes * 2 > segment.size()) {
            return;
        }
        List<SegmentLog.Location> copies;
        try {
            copies = copy(segment, stuck);
        } catch (IOException e) {
            log.warn("cannot move {} undelivered {} requests out of {} ({}); it stays until they are delivered",
                    stuck.size(), signal.key(), segment, e.getMessage());
            return;
        }
        for (int i = 0; i < stuck.size(); i++) {
            deliveries.moved(stuck.get(i), copies.get(i));
        }
        try {
            if (segment.delivered(stuck.stream().map(SegmentLog.Location::position).toList())) {
                deliveries.remove(segment);
            }
            log.info("moved {} undelivered {} requests ({} bytes) out of {} to {}, so that its {} bytes could go",
                    stuck.size(), signal.key(), stuckBytes, segment, copies.get(0).segment(), segment.size());
        } catch (IOException e) {
            log.warn("cannot note {} undelivered {} requests of {} as moved ({}); it stays, and they may be sent twice"
                    + " after a restart", stuck.size(), signal.key(), segment, e.getMessage());
        }
    }

    /** Appends copies of the records to a segment of their own; returns where each copy is, in order. */
    private List<SegmentLog.Location> copy(Segment segment, List<SegmentLog.Location> records) throws IOException {
        List<Payload> payloads = new ArrayList<>();
        for (SegmentLog.Location record : records) {
            payloads.add(new Payload(signal, segment.read(record.payload(), record.length()), record.items(),
                    record.receivedAtMillis()));
        }
        long bytes = payloads.stream().mapToLong(RecordFormat::size).sum();
        List<SegmentLog.Location> copies = new ArrayList<>();
        budget.force(0, bytes);
        try {
            writer.appendApart(payloads, bytes, copy -> {
                copy.segment().expect(1);
                copies.add(copy);
            });
        } catch (IOException e) {
            budget.release(0, bytes);
            throw e;
        }
        return copies;
    }
}
