package dev.otlp.runtime.pipeline;

import dev.otlp.runtime.otlp.Signal;

import java.util.ArrayList;
import java.util.List;

/**
 * Payloads of one signal gathered to travel together. Their bytes concatenate into one valid
 * request, since an export request is {@code repeated Resource*} at field 1.
 */
final class Batch {

    private final Signal signal;
    private final List<Payload> payloads = new ArrayList<>();
    private int items;
    private int bytes;

    Batch(Signal signal) {
        this.signal = signal;
    }

    void add(Payload payload) {
        payloads.add(payload);
        items += payload.items();
        bytes += payload.sizeBytes();
    }

    Signal signal() {
        return signal;
    }

    int items() {
        return items;
    }

    int bytes() {
        return bytes;
    }

    boolean isEmpty() {
        return payloads.isEmpty();
    }

    /** The batch as one serialized request. */
    byte[] request() {
        if (payloads.size() == 1) {
            return payloads.get(0).bytes();
        }
        byte[] request = new byte[bytes];
        int offset = 0;
        for (Payload payload : payloads) {
            System.arraycopy(payload.bytes(), 0, request, offset, payload.sizeBytes());
            offset += payload.sizeBytes();
        }
        return request;
    }
}
