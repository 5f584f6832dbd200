package dev.otlp.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScrapeTest {

    private static final String TRACES = "signal=\"traces\"";

    @Test
    void p99OfTheWindowComesFromTheDifferenceOfTwoScrapesNotFromWhatCameBefore() {
        // Warm-up: 1,000 slow requests (≤ 2.5 ms). Then a window of 1,000 requests, 990 of them ≤ 100 µs.
        Scrape afterWarmup = Scrape.parse(histogram(0, 0, 0, 1_000, 1_000));
        Scrape afterWindow = Scrape.parse(histogram(500, 990, 995, 2_000, 2_000));

        Scrape window = afterWindow.minus(afterWarmup);

        assertThat(window.quantileBound("otlp_request_duration_seconds", 0.99, TRACES)).isEqualTo(1.0E-4);
        assertThat(window.quantileBound("otlp_request_duration_seconds", 0.50, TRACES)).isEqualTo(1.0E-5);
        assertThat(window.quantileBound("otlp_request_duration_seconds", 0.999, TRACES)).isEqualTo(0.0025);
        assertThat(afterWindow.quantileBound("otlp_request_duration_seconds", 0.99, TRACES)).isEqualTo(0.0025);
    }

    @Test
    void p99AboveTheLastBoundIsInfiniteAndWithoutRequestsUndefined() {
        Scrape slow = Scrape.parse(histogram(0, 0, 0, 0, 10));
        Scrape none = Scrape.parse(histogram(0, 0, 0, 0, 0));

        assertThat(slow.quantileBound("otlp_request_duration_seconds", 0.99, TRACES)).isInfinite();
        assertThat(none.quantileBound("otlp_request_duration_seconds", 0.99, TRACES)).isNaN();
    }

    @Test
    void onlyTheSelectedSignalCounts() {
        String text = histogram(0, 0, 0, 10, 10) + histogram(10, 10, 10, 10, 10).replace(TRACES, "signal=\"logs\"");

        assertThat(Scrape.parse(text).quantileBound("otlp_request_duration_seconds", 0.99, TRACES)).isEqualTo(0.0025);
    }

    /** The traces histogram with these cumulative counts for le = 10 µs, 100 µs, 1 ms, 2.5 ms and +Inf. */
    private static String histogram(long le10us, long le100us, long le1ms, long le2500us, long all) {
        return """
                # TYPE otlp_request_duration_seconds histogram
                otlp_request_duration_seconds_bucket{signal="traces",le="1.0E-5"} %d
                otlp_request_duration_seconds_bucket{signal="traces",le="1.0E-4"} %d
                otlp_request_duration_seconds_bucket{signal="traces",le="0.001"} %d
                otlp_request_duration_seconds_bucket{signal="traces",le="0.0025"} %d
                otlp_request_duration_seconds_bucket{signal="traces",le="+Inf"} %d
                otlp_request_duration_seconds_count{signal="traces"} %d
                """.formatted(le10us, le100us, le1ms, le2500us, all, all);
    }
}
