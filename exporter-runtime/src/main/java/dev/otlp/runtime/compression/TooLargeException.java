package dev.otlp.runtime.compression;

import java.io.IOException;

/** A body that is, or decompresses to, more bytes than allowed. */
public final class TooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long limit;

    public TooLargeException(long limit) {
        super("body exceeds the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
