package dev.otlp.runtime.e2e;

import dev.otlp.runtime.export.ExportFailureReasons;
import dev.otlp.runtime.export.UpstreamHealth.BlockReason;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A counter that appears only at its first increment is invisible to {@code increase()} for that
 * step, so an alert on it misses the first loss: every series the alerts select exists at 0 from
 * start-up.
 */
class AlertMetricsEndToEndTest {

    @Test
    void everySeriesTheAlertsSelectExistsAtZeroBeforeAnyTraffic() throws Exception {
        try (RunningRuntime runtime = RunningRuntime.start("[otlp]\nendpoint = \"debug\"\n")) {
            String metrics = runtime.metrics();

            for (Signal signal : Signal.values()) {
                String labels = ",signal=\"" + signal.key() + "\"} 0.0";
                RuntimeMetrics.DROP_REASONS.forEach(reason ->
                        assertThat(metrics).contains("otlp_dropped_items_total{reason=\"" + reason + "\"" + labels));
                RuntimeMetrics.REFUSAL_REASONS.forEach(reason ->
                        assertThat(metrics).contains("otlp_refused_items_total{reason=\"" + reason + "\"" + labels));
                RuntimeMetrics.EXPORT_FAILURE_REASONS.forEach(reason ->
                        assertThat(metrics).contains("otlp_export_failures_total{reason=\"" + reason + "\"" + labels));
            }
            for (String reason : ExportFailureReasons.all()) {
                for (Signal signal : Signal.values()) {
                    assertThat(metrics).contains("otlp_export_failures_total{reason=\"" + reason + "\",signal=\"" + signal.key() + "\"} 0.0");
                }
                assertThat(metrics).contains("otlp_errors_total{type=\"export_" + reason + "\"} 0.0");
            }
            for (BlockReason reason : BlockReason.values()) {
                assertThat(metrics).contains("otlp_export_blocked{reason=\"" + reason.label() + "\"} 0.0");
            }
            assertThat(metrics).contains("otlp_upstream_reachable 1.0", "otlp_queue_corrupt_records_total 0.0",
                    "otlp_config_reload_failing 0.0");
        }
    }
}
