package dev.otlp.runtime.receiver;

import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every series the receivers can move exists at 0 before their first request, so that {@code increase()} and
 * {@code rate()} in an alert see the first refusal, timeout or closed connection (a counter born at 1 is not an
 * increase).
 */
class ReceiverMetricsAtStartTest {

    private static final List<String> OUTCOMES = List.of("accepted", "invalid", "too_large", "unsupported_media_type",
            "unauthenticated", "queue_full", "overloaded", "timeout", "shutting_down", "internal_error");
    private static final List<String> REFUSALS = List.of("queue_full", "shutting_down", "too_large");
    private static final List<String> CONNECTION_CLOSES = List.of("header_timeout", "body_timeout", "idle", "connection_limit");

    private final String scrape = new RuntimeMetrics().scrape();

    @Test
    void everyOutcomeOfEveryTransportAndSignalIsCountedFromZero() {
        for (Signal signal : Signal.values()) {
            for (String transport : List.of("grpc", "http")) {
                for (String outcome : OUTCOMES) {
                    assertThat(scrape).contains("otlp_requests_total{outcome=\"" + outcome + "\",signal=\"" + signal.key()
                            + "\",transport=\"" + transport + "\"} 0.0");
                }
            }
        }
    }

    @Test
    void everyErrorTypeTheReceiversCountIsCountedFromZero() {
        for (String outcome : OUTCOMES.subList(1, OUTCOMES.size())) {
            assertThat(scrape).contains("otlp_errors_total{type=\"" + outcome + "\"} 0.0");
        }
    }

    @Test
    void everyReasonForRefusedItemsIsCountedFromZero() {
        for (Signal signal : Signal.values()) {
            for (String reason : REFUSALS) {
                assertThat(scrape).contains("otlp_refused_items_total{reason=\"" + reason + "\",signal=\"" + signal.key() + "\"} 0.0");
            }
            assertThat(scrape).contains("otlp_received_items_total{signal=\"" + signal.key() + "\"} 0.0");
        }
    }

    @Test
    void everyReasonForClosingAnHttpConnectionIsCountedFromZero() {
        for (String reason : CONNECTION_CLOSES) {
            assertThat(scrape).contains("otlp_http_connections_closed_total{reason=\"" + reason + "\"} 0.0");
        }
    }
}
