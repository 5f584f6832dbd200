package dev.otlp.runtime.pipeline;

import dev.otlp.runtime.queue.Admission;
import dev.otlp.runtime.queue.Payload;

/** Where receivers hand validated data: the single seam between receiving and sending. */
@FunctionalInterface
public interface Intake {

    /** Takes ownership of {@code payload} when it answers {@link Admission#ACCEPTED}. Never blocks on the upstream. */
    Admission offer(Payload payload);

    /** What a client is told when {@code refused} was answered {@link Admission#TOO_LARGE}: the limit it passed, with the numbers. */
    default String tooLargeMessage(Payload refused) {
        return "the request is larger than this exporter can export";
    }
}
