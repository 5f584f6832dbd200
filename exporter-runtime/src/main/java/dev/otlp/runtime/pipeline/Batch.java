package dev.otlp.runtime.pipeline;

import dev.otlp.runtime.otlp.ExportRequests;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.Payload;
import dev.otlp.runtime.queue.PayloadQueue.Held;

import java.util.ArrayList;
import java.util.List;

/** Payloads of one signal taken from the queue to travel together, as one request ({@link ExportRequests}). */
final class Batch {

    private final Signal signal;
    private final List<Held> held = new ArrayList<>();
    private int items;
    private int bytes;
    private long oldestMillis = Long.MAX_VALUE;

    Batch(Signal signal) {
        this.signal = signal;
    }

    void add(Held entry) {
        Payload payload = entry.payload();
        held.add(entry);
        items += payload.items();
        bytes += payload.sizeBytes();
        oldestMillis = Math.min(oldestMillis, payload.receivedAtMillis());
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

    /** When the oldest payload in the batch was received. */
    long oldestMillis() {
        return oldestMillis;
    }

    List<Held> held() {
        return held;
    }

    int parts() {
        return held.size();
    }

    /** The first and the second half of the payloads, as two batches; only for a batch of two or more. */
    List<Batch> halves() {
        Batch first = new Batch(signal);
        Batch second = new Batch(signal);
        for (int i = 0; i < held.size(); i++) {
            (i < held.size() / 2 ? first : second).add(held.get(i));
        }
        return List.of(first, second);
    }

    /** The batch as one serialized request. */
    byte[] request() {
        if (held.size() == 1) {
            return held.get(0).payload().bytes();
        }
        return ExportRequests.concatenate(held.stream().map(entry -> entry.payload().bytes()).toList(), bytes);
    }
}
