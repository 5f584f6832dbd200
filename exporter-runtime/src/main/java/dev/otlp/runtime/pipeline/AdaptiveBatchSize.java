package dev.otlp.runtime.pipeline;

/**
 * The item count at which a batch is sent. Fixed unless adaptive: then it doubles while batches
 * fill before their timeout (sustained load) and halves while they leave on the timeout less
 * than half full (idle), always within [batch_size, max_batch_size].
 */
final class AdaptiveBatchSize {

    private final int min;
    private final int max;
    private final boolean adaptive;
    private volatile int target;

    AdaptiveBatchSize(int min, int max, boolean adaptive) {
        this.min = min;
        this.max = Math.max(min, max);
        this.adaptive = adaptive;
        this.target = min;
    }

    int target() {
        return target;
    }

    /** A batch of {@code items} left because it reached the target ({@code filled}) or timed out. */
    void observe(int items, boolean filled) {
        if (!adaptive) {
            return;
        }
        if (filled) {
            target = (int) Math.min(max, target * 2L);
        } else if (items < target / 2) {
            target = Math.max(min, target / 2);
        }
    }
}
