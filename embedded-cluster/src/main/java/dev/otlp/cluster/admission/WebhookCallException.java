package dev.otlp.cluster.admission;

/** Calling a webhook failed (unreachable, TLS, timeout, a bad answer): its failurePolicy decides what happens. */
final class WebhookCallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    WebhookCallException(String message) {
        super(message);
    }
}
