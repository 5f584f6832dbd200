package dev.otlp.runtime.export;

/**
 * How one batch ended after all attempts.
 *
 * @param delivered     items the upstream accepted
 * @param rejected      items the upstream refused for good (partial success or a non-retryable error)
 * @param failureReason why items were rejected (a short metric label such as {@code "invalid_argument"}), or null
 * @param message       the upstream's own words about the rejection, or null
 */
public record Delivery(int delivered, int rejected, String failureReason, String message) {

    public static Delivery success(int items) {
        return new Delivery(items, 0, null, null);
    }

    public static Delivery failed(int items, String reason, String message) {
        return new Delivery(0, items, reason, message);
    }

    public boolean fullySucceeded() {
        return rejected == 0;
    }
}
