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
}
