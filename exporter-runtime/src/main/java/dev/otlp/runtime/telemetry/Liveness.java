package dev.otlp.runtime.telemetry;

import java.util.List;

/** Whether the process can still make progress; {@code /health} answers 503 with the problems when it cannot. */
@FunctionalInterface
interface Liveness {

    /** What keeps the process from making progress; empty when it is live. */
    List<String> problems();
}
