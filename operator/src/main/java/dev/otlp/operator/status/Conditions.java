package dev.otlp.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Turns the conditions that should hold now into status conditions, keeping each one's
 * {@code lastTransitionTime} while its status holds, so an unchanged state writes an unchanged status.
 */
public final class Conditions {

    private Conditions() {
    }

    public static List<Condition> update(List<Condition> current, List<ConditionState> wanted, long observedGeneration,
                                         Clock clock) {
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        return wanted.stream().map(state -> {
            String status = state.status() ? "True" : "False";
            String since = current == null ? now : current.stream()
                    .filter(previous -> previous.getType().equals(state.type()) && status.equals(previous.getStatus()))
                    .map(Condition::getLastTransitionTime).filter(Objects::nonNull).findFirst().orElse(now);
            return new ConditionBuilder()
                    .withType(state.type())
                    .withStatus(status)
                    .withReason(state.reason())
                    .withMessage(state.message())
                    .withObservedGeneration(observedGeneration)
                    .withLastTransitionTime(since)
                    .build();
        }).toList();
    }
}
