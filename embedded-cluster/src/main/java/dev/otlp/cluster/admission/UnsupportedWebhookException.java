package dev.otlp.cluster.admission;

/** A webhook configuration asks for something this server does not implement: it refuses rather than ignore it. */
public final class UnsupportedWebhookException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnsupportedWebhookException(String what) {
        super("the embedded API server does not implement " + what);
    }
}
