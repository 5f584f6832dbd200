package dev.otlp.runtime.receiver;

import dev.otlp.runtime.otlp.MalformedRequestException;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.otlp.WireFormat;
import dev.otlp.runtime.queue.Admission;
import dev.otlp.runtime.pipeline.Intake;
import dev.otlp.runtime.queue.Payload;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import dev.otlp.runtime.telemetry.RuntimeMetrics.Outcome;
import dev.otlp.runtime.telemetry.RuntimeMetrics.ReceiverTransport;

/**
 * What both receivers do with a serialized export request: check and count it, hand it to the
 * intake, and record the outcome. Transport-specific answers are the receivers' business.
 */
final class Reception {

    /** How long a refused client should wait before retrying. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final Intake intake;
    private final RuntimeMetrics metrics;
    private final ReceiverTransport transport;

    Reception(Intake intake, RuntimeMetrics metrics, ReceiverTransport transport) {
        this.intake = intake;
        this.metrics = metrics;
        this.transport = transport;
    }

    /**
     * @param arrivalNanos {@link System#nanoTime()} when the request arrived
     * @throws MalformedRequestException when {@code request} is not a valid export request (recorded as invalid)
     */
    Admission admit(Signal signal, byte[] request, long arrivalNanos) throws MalformedRequestException {
        int items;
        try {
            items = WireFormat.countItems(signal, request);
        } catch (MalformedRequestException e) {
            rejected(signal, Outcome.INVALID, arrivalNanos);
            throw e;
        }
        Admission admission = intake.offer(new Payload(signal, request, items));
        switch (admission) {
            case ACCEPTED -> metrics.itemsReceived(signal, items);
            case QUEUE_FULL -> metrics.itemsRefused(signal, items, Outcome.QUEUE_FULL.label());
            case SHUTTING_DOWN -> metrics.itemsRefused(signal, items, Outcome.SHUTTING_DOWN.label());
            case TOO_LARGE -> metrics.itemsRefused(signal, items, Outcome.TOO_LARGE.label());
        }
        metrics.requestCompleted(signal, transport, outcome(admission), System.nanoTime() - arrivalNanos);
        return admission;
    }

    /** Why {@code request}, answered {@link Admission#TOO_LARGE}, can never be exported. */
    String tooLargeMessage(Signal signal, byte[] request) {
        try {
            return intake.tooLargeMessage(new Payload(signal, request, WireFormat.countItems(signal, request)));
        } catch (MalformedRequestException checkedWhenAdmitted) {
            throw new IllegalStateException("an admitted request is malformed: " + checkedWhenAdmitted.getMessage(),
                    checkedWhenAdmitted);
        }
    }

    /** Records a request turned away before it reached the intake. */
    void rejected(Signal signal, Outcome outcome, long arrivalNanos) {
        metrics.requestCompleted(signal, transport, outcome, System.nanoTime() - arrivalNanos);
    }

    private static Outcome outcome(Admission admission) {
        return switch (admission) {
            case ACCEPTED -> Outcome.ACCEPTED;
            case QUEUE_FULL -> Outcome.QUEUE_FULL;
            case SHUTTING_DOWN -> Outcome.SHUTTING_DOWN;
            case TOO_LARGE -> Outcome.TOO_LARGE;
        };
    }
}
