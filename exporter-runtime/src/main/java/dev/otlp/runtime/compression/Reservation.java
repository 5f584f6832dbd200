package dev.otlp.runtime.compression;

import java.io.IOException;

/** Memory a decoder asks for before it allocates it, so that a caller can refuse the request first. */
@FunctionalInterface
public interface Reservation {

    Reservation NONE = bytes -> {
    };

    /** @throws IOException when the bytes cannot be had; the decoder then gives up without allocating them */
    void reserve(long bytes) throws IOException;
}
