package dev.otlp.runtime.pipeline;

/**
 * Where receivers hand validated data. The single seam between receiving and sending: a
 * durable queue later takes this place without the receivers changing.
 */
@FunctionalInterface
public interface Intake {

    /** Takes ownership of {@code payload} when it answers {@link Admission#ACCEPTED}. Never blocks on the upstream. */
    Admission offer(Payload payload);
}
