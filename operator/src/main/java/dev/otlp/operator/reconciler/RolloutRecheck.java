package dev.otlp.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When an exporter whose pods are not all ready is reconciled again: a pod stopped at Init changes
 * nothing its workload reports, and the status should name the refused key within seconds, not at
 * the next resync. The longer it has not been ready, the less often (after half the time so far):
 * thousands of exporters whose pods cannot start, in an outage, must not keep the operator and the
 * API server busy.
 */
final class RolloutRecheck {

    private RolloutRecheck() {
    }

    /**
     * @param ready   the exporter's {@code Ready} condition as this reconcile writes it
     * @param soonest the delay while it has just turned not ready
     * @return the delay until the next reconcile, or empty when it is ready
     */
    static Optional<Duration> after(Optional<Condition> ready, Instant now, Duration soonest) {
        if (ready.map(condition -> "True".equals(condition.getStatus())).orElse(false)) {
            return Optional.empty();
        }
        Duration half = ready.map(Condition::getLastTransitionTime).flatMap(RolloutRecheck::instant)
                .map(since -> Duration.between(since, now).dividedBy(2)).orElse(Duration.ZERO);
        return Optional.of(half.compareTo(soonest) > 0 ? half : soonest);
    }

    private static Optional<Instant> instant(String time) {
        try {
            return Optional.of(Instant.parse(time));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
