package dev.otlp.cluster.admission;

/** Calling a webhook failed (unreachable, TLS, timeout, a bad answer): its failurePolicy decides what happens. */
final class WebhookCallException extends RuntimeException {

    WebhookCallException(String message) {
        super(message);
    }
}
