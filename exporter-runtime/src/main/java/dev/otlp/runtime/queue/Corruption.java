package dev.otlp.runtime.queue;

import dev.otlp.runtime.otlp.Signal;

import java.util.OptionalLong;

/** Told of each piece of the persistent queue found damaged or missing when it is opened. */
@FunctionalInterface
public interface Corruption {

    /**
     * @param itemsLost the items held there, when its record headers tell; empty when nobody can know
     *                  (a segment missing or emptied, a stretch whose headers are damaged too)
     */
    void found(Signal signal, OptionalLong itemsLost);
}
