package dev.otlp.runtime.queue;

import dev.otlp.runtime.otlp.Signal;

import java.util.OptionalLong;

/**
 * Told of each piece of the persistent queue found damaged or missing when it is opened, and of
 * each segment refused because it holds records of a format version this runtime does not read.
 */
@FunctionalInterface
public interface Corruption {

    /**
     * @param itemsLost the items held there, when its record headers tell; empty when nobody can know
     *                  (a segment missing or emptied, a stretch whose headers are damaged too, records of a
     *                  format this runtime does not read)
     */
    void found(Signal signal, OptionalLong itemsLost);
}
