package dev.otlp.runtime.telemetry;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code otlp_queue_fill_ratio}: what autoscaling on queue fill reads, as Prometheus scrapes it. */
class QueueFillRatioTest {

    private static final long MAX_ITEMS = 1_000;
    private static final long MAX_BYTES = 4_000;

    private final RuntimeMetrics metrics = new RuntimeMetrics();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    @Test
    void isTheFullerOfItemsAndBytesOverTheirLimits() {
        metrics.queueGauges(items::get, () -> MAX_ITEMS, bytes::get, () -> MAX_BYTES);
        assertThat(scraped(RuntimeMetrics.QUEUE_FILL_RATIO)).hasValue(0.0);

        items.set(250);
        bytes.set(400);
        assertThat(scraped(RuntimeMetrics.QUEUE_FILL_RATIO)).hasValue(0.25);

        bytes.set(3_000);
        assertThat(scraped(RuntimeMetrics.QUEUE_FILL_RATIO)).hasValue(0.75);

        items.set(MAX_ITEMS);
        assertThat(scraped(RuntimeMetrics.QUEUE_FILL_RATIO)).hasValue(1.0);
    }

    @Test
    void receivedItemsAreScrapedUnderTheNameTheirRateIsReadBy() {
        metrics.itemsReceived(dev.otlp.runtime.otlp.Signal.TRACES, 7);

        assertThat(metrics.scrape()).contains(RuntimeMetrics.RECEIVED_ITEMS + "{signal=\"traces\"} 7.0");
    }

    /** The unlabelled sample of {@code name} on {@code /metrics}. */
    private Optional<Double> scraped(String name) {
        return metrics.scrape().lines().filter(line -> line.startsWith(name + " "))
                .map(line -> Double.parseDouble(line.substring(name.length() + 1))).findFirst();
    }
}
