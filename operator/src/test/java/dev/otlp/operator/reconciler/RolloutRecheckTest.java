package dev.otlp.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** An exporter not ready is checked again soon at first, then less and less often; a ready one waits for the resync. */
class RolloutRecheckTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration SOONEST = Duration.ofSeconds(10);

    @Test
    void justTurnedNotReadyIsCheckedAgainSoon() {
        assertThat(RolloutRecheck.after(ready("False", NOW.minusSeconds(3)), NOW, SOONEST)).contains(SOONEST);
        assertThat(RolloutRecheck.after(Optional.empty(), NOW, SOONEST)).as("no status yet").contains(SOONEST);
    }

    @Test
    void notReadyForLongIsCheckedAfterHalfTheTimeSoFar() {
        assertThat(RolloutRecheck.after(ready("False", NOW.minus(Duration.ofMinutes(10))), NOW, SOONEST))
                .contains(Duration.ofMinutes(5));
        assertThat(RolloutRecheck.after(ready("Unknown", NOW.minus(Duration.ofHours(2))), NOW, SOONEST))
                .contains(Duration.ofHours(1));
    }

    @Test
    void readyIsNotCheckedBeforeTheResyncAndAnUnreadableTimeCountsAsJustNow() {
        assertThat(RolloutRecheck.after(ready("True", NOW.minus(Duration.ofHours(2))), NOW, SOONEST)).isEmpty();
        Condition garbled = new ConditionBuilder().withType("Ready").withStatus("False").withLastTransitionTime("yesterday").build();
        assertThat(RolloutRecheck.after(Optional.of(garbled), NOW, SOONEST)).contains(SOONEST);
    }

    private static Optional<Condition> ready(String status, Instant since) {
        return Optional.of(new ConditionBuilder().withType("Ready").withStatus(status)
                .withLastTransitionTime(since.toString()).build());
    }
}
