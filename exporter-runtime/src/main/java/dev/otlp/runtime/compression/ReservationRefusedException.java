package dev.otlp.runtime.compression;

import java.io.IOException;

/** Memory for decoding a request cannot be had now; the request may be retried later. */
public final class ReservationRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    public ReservationRefusedException(String message) {
        super(message);
    }
}
