package dev.otlp.runtime.config;

import java.util.Objects;

/** A credential. Its {@code toString} never shows the value, so it cannot leak into logs or errors. */
public record Secret(String value) {

    public Secret {
        Objects.requireNonNull(value, "value");
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
