package dev.otlp.runtime.telemetry;

/** A read-only HTTP resource answering GET (and HEAD). */
@FunctionalInterface
interface Endpoint {

    Response get();
}
