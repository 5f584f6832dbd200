package dev.otlp.runtime.telemetry;

import java.util.List;

/** Whether the runtime should receive traffic now; {@code /ready} answers 503 with the reasons while it should not. */
@FunctionalInterface
public interface Readiness {

    /** Why the runtime is not ready, e.g. {@code "draining for shutdown"}; empty when it is ready. */
    List<String> notReadyReasons();
}
