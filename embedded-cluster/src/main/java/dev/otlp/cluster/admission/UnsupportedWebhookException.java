package dev.otlp.cluster.admission;

/** A webhook configuration asks for something this server does not implement: it refuses rather than ignore it. */
public final class UnsupportedWebhookException extends RuntimeException {

    UnsupportedWebhookException(String what) {
        super("the embedded API server does not implement " + what);
    }
}
