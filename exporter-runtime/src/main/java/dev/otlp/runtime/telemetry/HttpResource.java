package dev.otlp.runtime.telemetry;

import java.util.Map;

/** A read-only HTTP resource answering GET (and HEAD). */
@FunctionalInterface
interface HttpResource {

    /** @param query the request's query parameters, decoded; the first value of each */
    Response get(Map<String, String> query);
}
