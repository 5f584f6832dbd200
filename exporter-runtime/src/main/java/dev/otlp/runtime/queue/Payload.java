package dev.otlp.runtime.queue;

import dev.otlp.runtime.otlp.Signal;

/**
 * One received export request (or one part of a request too large to export whole), still
 * serialized: a valid {@code Export*ServiceRequest} whose wire format has been checked, the number
 * of items (spans, data points, log records) in it, and when it was received (wall-clock
 * milliseconds, so that the age survives a restart of a persistent queue).
 */
public record Payload(Signal signal, byte[] bytes, int items, long receivedAtMillis) {

    public Payload(Signal signal, byte[] bytes, int items) {
        this(signal, bytes, items, System.currentTimeMillis());
    }

    public int sizeBytes() {
        return bytes.length;
    }
}
