package dev.otlp.runtime.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdaptiveBatchSizeTest {

    @Test
    void growsUnderSustainedLoadUpToTheMaximum() {
        AdaptiveBatchSize size = new AdaptiveBatchSize(100, 1000, true);

        for (int i = 0; i < 10; i++) {
            size.observe(size.target(), true);
        }

        assertThat(size.target()).isEqualTo(1000);
    }

    @Test
    void shrinksWhenIdleDownToTheConfiguredBatchSize() {
        AdaptiveBatchSize size = new AdaptiveBatchSize(100, 1000, true);
        size.observe(100, true);
        size.observe(200, true);
        assertThat(size.target()).isEqualTo(400);

        size.observe(3, false);
        assertThat(size.target()).isEqualTo(200);
        for (int i = 0; i < 10; i++) {
            size.observe(3, false);
        }

        assertThat(size.target()).isEqualTo(100);
    }

    @Test
    void holdsSteadyWhenTimedOutBatchesAreMoreThanHalfFull() {
        AdaptiveBatchSize size = new AdaptiveBatchSize(100, 1000, true);
        size.observe(100, true);

        size.observe(150, false);

        assertThat(size.target()).isEqualTo(200);
    }

    @Test
    void staysFixedWhenNotAdaptive() {
        AdaptiveBatchSize size = new AdaptiveBatchSize(100, 1000, false);

        size.observe(100, true);
        size.observe(1, false);

        assertThat(size.target()).isEqualTo(100);
    }
}
