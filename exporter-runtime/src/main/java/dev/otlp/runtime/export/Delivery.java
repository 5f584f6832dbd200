package dev.otlp.runtime.export;

/**
 * How one batch ended.
 *
 * @param delivered items the upstream accepted
 * @param rejected  items the upstream refused for good, or that were given up
 * @param reason    why items were not delivered (a short metric label such as {@code "invalid_argument"}), or null
 * @param message   the upstream's own words about it, or null
 */
public record Delivery(Outcome outcome, int delivered, int rejected, String reason, String message) {

    public enum Outcome {
        /** The upstream took the batch, perhaps refusing some of its items (partial success). */
        DELIVERED,
        /** The upstream refused the whole batch for its data; a batch of several requests may be split and sent again. */
        REJECTED,
        /** Held longer than {@code [queue] max_age} while the upstream kept failing with a retryable status. */
        EXPIRED,
        /** Not delivered because the runtime is stopping. */
        UNSENT
    }

    public static Delivery success(int items) {
        return new Delivery(Outcome.DELIVERED, items, 0, null, null);
    }

    public static Delivery partial(int items, int rejected, String message) {
        return new Delivery(Outcome.DELIVERED, items - rejected, rejected, "partial_success", message);
    }

    public static Delivery rejected(int items, String reason, String message) {
        return new Delivery(Outcome.REJECTED, 0, items, reason, message);
    }

    public static Delivery expired(int items, String message) {
        return new Delivery(Outcome.EXPIRED, 0, items, "expired", message);
    }

    public static Delivery unsent(int items) {
        return new Delivery(Outcome.UNSENT, 0, items, "shutdown", "the runtime stopped before the batch was delivered");
    }
}
