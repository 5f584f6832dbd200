package dev.otlp.runtime.telemetry;

import java.util.List;
import java.util.Map;

/** Whether the runtime should receive traffic now; {@code /ready} answers 503 with the reasons while it should not. */
@FunctionalInterface
public interface Readiness {

    /** Why the runtime is not ready, e.g. {@code "draining for shutdown"}; empty when it is ready. */
    List<String> notReadyReasons();

    /**
     * Whether exports get through, for the {@code upstream} object of the {@code /ready} body that
     * the operator reads: {@code state} ({@code delivering}, {@code unreachable} or {@code blocked}),
     * and otherwise {@code reason} and {@code message}. Empty when there is nothing to tell.
     */
    default Map<String, String> upstream() {
        return Map.of();
    }

    /**
     * What an operator should know that does not stop the runtime from serving, for the
     * {@code warnings} list of the {@code /ready} body: e.g. a credential file whose new content
     * did not load (the previous content is in use). Empty when there is nothing to tell.
     */
    default List<String> warnings() {
        return List.of();
    }
}
