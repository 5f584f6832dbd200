package dev.otlp.runtime.compression;

import java.io.IOException;

/** Memory for decoding a request cannot be had now; the request may be retried later. */
public final class ReservationRefusedException extends IOException {

    public ReservationRefusedException(String message) {
        super(message);
    }
}
