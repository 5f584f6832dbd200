package dev.otlp.runtime.pipeline;

import dev.otlp.runtime.otlp.Signal;

/**
 * One received export request, still serialized: a valid {@code Export*ServiceRequest} whose
 * wire format has been checked, and the number of items (spans, data points, log records) in it.
 */
public record Payload(Signal signal, byte[] bytes, int items) {

    public int sizeBytes() {
        return bytes.length;
    }
}
