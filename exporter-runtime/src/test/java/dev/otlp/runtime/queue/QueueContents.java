package dev.otlp.runtime.queue;

import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.PayloadQueue.Held;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a queue holds of one signal, taken in order until nothing more comes within 200 ms. */
final class QueueContents {

    private static final long WAIT = TimeUnit.MILLISECONDS.toNanos(200);

    private QueueContents() {
    }

    static List<Held> takeAll(PayloadQueue queue, Signal signal) throws InterruptedException {
        List<Held> taken = new ArrayList<>();
        Held held;
        while ((held = queue.take(signal, WAIT)) != null) {
            taken.add(held);
        }
        return taken;
    }
}
