package dev.otlp.runtime.otlp;

/** A request body that is not a valid OTLP export request; the message says what is wrong and where. */
public final class MalformedRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedRequestException(String message) {
        super(message);
    }

    public MalformedRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
