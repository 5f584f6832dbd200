package dev.otlp.runtime.export;

/**
 * How a standby {@link RetryingUpstream} ends a batch it no longer retries: another upstream is
 * active and sends it. Only {@link FailoverUpstream} sees it; it never reaches the pipeline.
 */
final class HandedOverException extends RuntimeException {

    static final HandedOverException INSTANCE = new HandedOverException();

    private static final long serialVersionUID = 1L;

    private HandedOverException() {
        super("handed over to the active upstream", null, false, false);
    }
}
