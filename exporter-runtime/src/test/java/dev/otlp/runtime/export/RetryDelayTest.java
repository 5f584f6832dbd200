package dev.otlp.runtime.export;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class RetryDelayTest {

    @Test
    void backOffDoublesWithJitterUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

        assertThat(backoff.delay(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(backoff.delay(2)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(backoff.delay(10)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        assertThat(backoff.delay(500)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
    }

    @Test
    void readsRetryAfterAsSecondsOrAnHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

        assertThat(HttpOutcomes.retryAfter("7", clock)).isEqualTo(Duration.ofSeconds(7));
        assertThat(HttpOutcomes.retryAfter("Sun, 01 Jun 2025 12:00:30 GMT", clock)).isEqualTo(Duration.ofSeconds(30));
        assertThat(HttpOutcomes.retryAfter("Sun, 01 Jun 2025 11:00:00 GMT", clock)).isEqualTo(Duration.ZERO);
        assertThat(HttpOutcomes.retryAfter("soon", clock)).isNull();
    }
}
