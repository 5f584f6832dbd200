package dev.otlp.runtime.pipeline;

import dev.otlp.runtime.queue.Admission;
import dev.otlp.runtime.queue.Payload;

/** Where receivers hand validated data: the single seam between receiving and sending. */
@FunctionalInterface
public interface Intake {

    /** Takes ownership of {@code payload} when it answers {@link Admission#ACCEPTED}. Never blocks on the upstream. */
    Admission offer(Payload payload);

    /** What a client is told when its request is answered {@link Admission#TOO_LARGE}: the limit it passed. */
    default String tooLargeMessage() {
        return "the request is larger than this exporter can export";
    }
}
