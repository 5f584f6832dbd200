package dev.otlp.runtime.telemetry;

import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.telemetry.RuntimeMetrics.Outcome;
import dev.otlp.runtime.telemetry.RuntimeMetrics.ReceiverTransport;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class RequestDurationBucketsTest {

    private final RuntimeMetrics metrics = new RuntimeMetrics();

    @Test
    void resolvesTenMicrosecondStepsUpTo100MicrosecondsAndHundredMicrosecondStepsUpToOneMillisecond() {
        record(35, TimeUnit.MICROSECONDS);
        record(95, TimeUnit.MICROSECONDS);
        record(450, TimeUnit.MICROSECONDS);
        record(2, TimeUnit.MILLISECONDS);

        assertThat(bucket("3.0E-5")).isEqualTo(0);
        assertThat(bucket("4.0E-5")).isEqualTo(1);
        assertThat(bucket("9.0E-5")).isEqualTo(1);
        assertThat(bucket("1.0E-4")).isEqualTo(2);
        assertThat(bucket("4.0E-4")).isEqualTo(2);
        assertThat(bucket("5.0E-4")).isEqualTo(3);
        assertThat(bucket("0.001")).isEqualTo(3);
        assertThat(bucket("0.0025")).isEqualTo(4);
    }

    @Test
    void keepsTheBoundsThatAlertThresholdsSelect() {
        for (String bound : new String[] {"0.05", "0.1", "0.25", "0.5", "1.0", "+Inf"}) {
            assertThat(bucket(bound)).as("le=%s", bound).isZero();
        }
    }

    private void record(long duration, TimeUnit unit) {
        metrics.requestCompleted(Signal.TRACES, ReceiverTransport.GRPC, Outcome.ACCEPTED, unit.toNanos(duration));
    }

    /** The cumulative count of the traces bucket {@code le}; fails when there is no such bucket. */
    private long bucket(String le) {
        Matcher sample = Pattern.compile("otlp_request_duration_seconds_bucket\\{signal=\"traces\",le=\""
                + Pattern.quote(le) + "\"} (\\S+)").matcher(metrics.scrape());
        assertThat(sample.find()).as("a bucket le=%s in the scrape", le).isTrue();
        return (long) Double.parseDouble(sample.group(1));
    }
}
