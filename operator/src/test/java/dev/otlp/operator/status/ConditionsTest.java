package dev.otlp.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionsTest {

    private static final Clock MORNING = Clock.fixed(Instant.parse("2026-11-25T08:00:00.123Z"), ZoneOffset.UTC);
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void stampsANewConditionWithTheCurrentTime() {
        List<Condition> conditions = Conditions.update(null,
                List.of(ConditionState.isFalse("Ready", "InvalidSpec", "spec.batching.maxSize must be at least spec.batching.size")),
                3, MORNING);

        assertThat(conditions).singleElement().satisfies(condition -> {
            assertThat(condition.getType()).isEqualTo("Ready");
            assertThat(condition.getStatus()).isEqualTo("False");
            assertThat(condition.getReason()).isEqualTo("InvalidSpec");
            assertThat(condition.getObservedGeneration()).isEqualTo(3);
            assertThat(condition.getLastTransitionTime()).isEqualTo("2026-11-25T08:00:00Z");
        });
    }

    @Test
    void keepsTheTransitionTimeWhileTheStatusHoldsEvenAsTheMessageChanges() {
        List<Condition> morning = Conditions.update(null,
                List.of(ConditionState.isFalse("Ready", "PodsNotReady", "1 of 3 pods ready")), 1, MORNING);

        List<Condition> noon = Conditions.update(morning,
                List.of(ConditionState.isFalse("Ready", "PodsNotReady", "2 of 3 pods ready")), 1, NOON);

        assertThat(noon.get(0).getLastTransitionTime()).isEqualTo("2026-11-25T08:00:00Z");
        assertThat(noon.get(0).getMessage()).isEqualTo("2 of 3 pods ready");
    }

    @Test
    void movesTheTransitionTimeWhenTheStatusFlips() {
        List<Condition> morning = Conditions.update(null,
                List.of(ConditionState.isFalse("Ready", "PodsNotReady", "0 of 1 pods ready")), 1, MORNING);

        List<Condition> noon = Conditions.update(morning,
                List.of(ConditionState.isTrue("Ready", "PodsReady", "1 of 1 pods ready")), 1, NOON);

        assertThat(noon.get(0).getLastTransitionTime()).isEqualTo("2026-11-25T12:00:00Z");
    }

    @Test
    void anUnchangedStateGivesEqualConditions() {
        List<ConditionState> wanted = List.of(ConditionState.isTrue("Ready", "PodsReady", "2 of 2 pods ready"),
                ConditionState.isFalse("Degraded", "AsExpected", "no pods failing"));
        List<Condition> morning = Conditions.update(null, wanted, 4, MORNING);

        assertThat(Conditions.update(morning, wanted, 4, NOON)).isEqualTo(morning);
    }
}
