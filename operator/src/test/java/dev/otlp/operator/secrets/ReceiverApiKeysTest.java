package dev.otlp.operator.secrets;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiverApiKeysTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration GRACE = Duration.ofHours(24);

    @Test
    void aFirstKeyTakesARotationRequestAlreadyMadeAsDone() {
        ReceiverApiKeys first = ReceiverApiKeys.desired(null, null, Optional.empty(), Optional.of("a"), GRACE, T0);

        assertThat(first.data()).containsOnlyKeys(ApiKeys.DATA_KEY);
        assertThat(first.currentSince()).isEqualTo(T0);
        assertThat(first.annotations()).containsEntry(ReceiverApiKeys.ROTATE_ANNOTATION, "a");
        assertThat(again(first, Optional.of("a"), T0.plusSeconds(60))).isEqualTo(first);
    }

    @Test
    void aNewRequestMakesANewKeyAndKeepsTheOldOneUntilTheGracePeriodEnds() {
        ReceiverApiKeys first = ReceiverApiKeys.desired(null, null, Optional.empty(), Optional.empty(), GRACE, T0);
        Instant rotation = T0.plus(Duration.ofDays(30));

        ReceiverApiKeys rotated = again(first, Optional.of("2026-12"), rotation);

        assertThat(rotated.data().get(ApiKeys.DATA_KEY)).isNotEqualTo(first.data().get(ApiKeys.DATA_KEY));
        assertThat(rotated.data()).containsEntry(ApiKeys.PREVIOUS_DATA_KEY, first.data().get(ApiKeys.DATA_KEY));
        assertThat(rotated.currentSince()).isEqualTo(rotation);
        assertThat(rotated.previousSince()).contains(T0);
        assertThat(rotated.previousExpiresAt()).contains(rotation.plus(GRACE));
        assertThat(again(rotated, Optional.of("2026-12"), rotation.plus(GRACE).minusSeconds(1)))
                .as("the same request again, within the grace period").isEqualTo(rotated);

        ReceiverApiKeys expired = again(rotated, Optional.of("2026-12"), rotation.plus(GRACE));

        assertThat(expired.data()).isEqualTo(Map.of(ApiKeys.DATA_KEY, rotated.data().get(ApiKeys.DATA_KEY)));
        assertThat(expired.previousExpiresAt()).isEmpty();
        assertThat(expired.previousSince()).isEmpty();
        assertThat(expired.currentSince()).isEqualTo(rotation);
    }

    @Test
    void aZeroGracePeriodDropsTheOldKeyAtOnce() {
        ReceiverApiKeys first = ReceiverApiKeys.desired(null, null, Optional.empty(), Optional.empty(), Duration.ZERO, T0);

        ReceiverApiKeys rotated = ReceiverApiKeys.desired(first.data(), first.annotations(), Optional.empty(),
                Optional.of("now"), Duration.ZERO, T0.plusSeconds(5));

        assertThat(rotated.data()).containsOnlyKeys(ApiKeys.DATA_KEY);
        assertThat(rotated.previousExpiresAt()).isEmpty();
    }

    @Test
    void aKeyMadeBeforeItsTimesWereRecordedDatesFromTheSecretAndRotatesOnTheFirstRequest() {
        Map<String, String> legacy = Map.of(ApiKeys.DATA_KEY, SecretData.encode("legacy-key"));
        Instant created = T0.minus(Duration.ofDays(400));

        ReceiverApiKeys kept = ReceiverApiKeys.desired(legacy, null, Optional.of(created), Optional.empty(), GRACE, T0);
        ReceiverApiKeys rotated = ReceiverApiKeys.desired(legacy, null, Optional.of(created), Optional.of("x"), GRACE, T0);

        assertThat(kept.data()).isEqualTo(legacy);
        assertThat(kept.currentSince()).isEqualTo(created);
        assertThat(kept.annotations()).as("nothing to write to a Secret an earlier version made").isEmpty();
        assertThat(rotated.data()).containsEntry(ApiKeys.PREVIOUS_DATA_KEY, legacy.get(ApiKeys.DATA_KEY));
        assertThat(rotated.previousSince()).contains(created);
    }

    @Test
    void theAnnotationsHoldTimesAndTheRequestNeverAKey() {
        ReceiverApiKeys first = ReceiverApiKeys.desired(null, null, Optional.empty(), Optional.empty(), GRACE, T0);
        ReceiverApiKeys rotated = again(first, Optional.of("r1"), T0.plusSeconds(10));

        assertThat(rotated.annotations()).containsOnlyKeys(ReceiverApiKeys.ANNOTATIONS.toArray(String[]::new));
        for (String key : rotated.data().values()) {
            assertThat(rotated.annotations().values()).noneMatch(value -> value.contains(key)
                    || value.contains(SecretData.decoded(Map.of("k", key), "k").orElseThrow()));
        }
    }

    private static ReceiverApiKeys again(ReceiverApiKeys secret, Optional<String> request, Instant now) {
        return ReceiverApiKeys.desired(secret.data(), secret.annotations(), Optional.empty(), request, GRACE, now);
    }
}
