package dev.otlp.operator.secrets;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The generated {@code X-receiver-api-key} Secret as the operator wants it: the current key and, for a grace period
 * after a rotation, the key it replaced ({@code api-key.previous}), which the runtime still accepts. A rotation is
 * asked for by a new value of the exporter's {@code otlp.dev/rotate-receiver-key} annotation. The Secret's annotations
 * record the request last handled and when each key was made and the previous one goes: times, never a key.
 *
 * @param data         the Secret's data (base64 values)
 * @param annotations  the Secret's annotations that this class owns
 * @param currentSince when the current key was made: recorded in the annotations for a key this class made, the
 *                     Secret's creation for one made before the times were recorded (left unannotated, so that an
 *                     upgrade of the operator rewrites no Secret)
 */
public record ReceiverApiKeys(Map<String, String> data, Map<String, String> annotations, Instant currentSince) {

    /** On the exporter: any new value asks for a new key. On the Secret: the value last handled. */
    public static final String ROTATE_ANNOTATION = "otlp.dev/rotate-receiver-key";
    public static final String CURRENT_SINCE_ANNOTATION = "otlp.dev/api-key-since";
    public static final String PREVIOUS_SINCE_ANNOTATION = "otlp.dev/previous-api-key-since";
    public static final String PREVIOUS_EXPIRES_ANNOTATION = "otlp.dev/previous-api-key-expires-at";
    /** Every annotation of the Secret this class decides. */
    public static final Set<String> ANNOTATIONS = Set.of(ROTATE_ANNOTATION, CURRENT_SINCE_ANNOTATION,
            PREVIOUS_SINCE_ANNOTATION, PREVIOUS_EXPIRES_ANNOTATION);

    public ReceiverApiKeys {
        data = Map.copyOf(data);
        annotations = Map.copyOf(annotations);
    }

    /**
     * The Secret as it should be now.
     *
     * @param data        the Secret's data as it stands, null when it does not exist
     * @param annotations the Secret's annotations as they stand, null when it has none
     * @param createdAt   when the Secret was created: when a key made before these annotations existed was made
     * @param request     the exporter's {@link #ROTATE_ANNOTATION}, when it has one
     * @param grace       how long a replaced key stays valid
     */
    public static ReceiverApiKeys desired(Map<String, String> data, Map<String, String> annotations,
                                          Optional<Instant> createdAt, Optional<String> request, Duration grace,
                                          Instant now) {
        Instant second = now.truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> recorded = annotations == null ? Map.of() : annotations;
        if (!ApiKeys.holdsUsableKey(data)) {
            return first(request, second);
        }
        Instant currentSince = instant(recorded.get(CURRENT_SINCE_ANNOTATION)).or(() -> createdAt).orElse(second);
        if (request.isPresent() && !request.get().equals(recorded.get(ROTATE_ANNOTATION))) {
            return rotated(data.get(ApiKeys.DATA_KEY), currentSince, request.get(), grace, second);
        }
        Map<String, String> keptData = new TreeMap<>();
        keptData.put(ApiKeys.DATA_KEY, data.get(ApiKeys.DATA_KEY));
        Map<String, String> kept = new TreeMap<>();
        Optional.ofNullable(recorded.get(CURRENT_SINCE_ANNOTATION)).ifPresent(since -> kept.put(CURRENT_SINCE_ANNOTATION, since));
        Optional.ofNullable(recorded.get(ROTATE_ANNOTATION)).ifPresent(handled -> kept.put(ROTATE_ANNOTATION, handled));
        String previous = data.get(ApiKeys.PREVIOUS_DATA_KEY);
        if (previous != null) {
            Instant expires = instant(recorded.get(PREVIOUS_EXPIRES_ANNOTATION)).orElse(second.plus(grace));
            if (second.isBefore(expires)) {
                keptData.put(ApiKeys.PREVIOUS_DATA_KEY, previous);
                kept.put(PREVIOUS_EXPIRES_ANNOTATION, expires.toString());
                Optional.ofNullable(recorded.get(PREVIOUS_SINCE_ANNOTATION))
                        .ifPresent(since -> kept.put(PREVIOUS_SINCE_ANNOTATION, since));
            }
        }
        return new ReceiverApiKeys(keptData, kept, currentSince);
    }

    /** A first key; a rotation already asked for is taken as done, since no client holds an older key. */
    private static ReceiverApiKeys first(Optional<String> request, Instant now) {
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(CURRENT_SINCE_ANNOTATION, now.toString());
        request.ifPresent(value -> annotations.put(ROTATE_ANNOTATION, value));
        return new ReceiverApiKeys(Map.of(ApiKeys.DATA_KEY, SecretData.encode(ApiKeys.newKey())), annotations, now);
    }

    /** A new key; the current one becomes the previous for {@code grace}, replacing any previous key still kept. */
    private static ReceiverApiKeys rotated(String currentKey, Instant currentSince, String request, Duration grace,
                                           Instant now) {
        Map<String, String> data = new TreeMap<>();
        data.put(ApiKeys.DATA_KEY, SecretData.encode(ApiKeys.newKey()));
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(ROTATE_ANNOTATION, request);
        annotations.put(CURRENT_SINCE_ANNOTATION, now.toString());
        if (!grace.isZero() && !grace.isNegative()) {
            data.put(ApiKeys.PREVIOUS_DATA_KEY, currentKey);
            annotations.put(PREVIOUS_SINCE_ANNOTATION, currentSince.toString());
            annotations.put(PREVIOUS_EXPIRES_ANNOTATION, now.plus(grace).toString());
        }
        return new ReceiverApiKeys(data, annotations, now);
    }

    /** The rotation request handled last, once there was one. */
    public Optional<String> rotationHandled() {
        return Optional.ofNullable(annotations.get(ROTATE_ANNOTATION));
    }

    /** When the previous key was made, while one is kept and its age is known. */
    public Optional<Instant> previousSince() {
        return instant(annotations.get(PREVIOUS_SINCE_ANNOTATION));
    }

    /** When the previous key stops being accepted, while one is kept. */
    public Optional<Instant> previousExpiresAt() {
        return instant(annotations.get(PREVIOUS_EXPIRES_ANNOTATION));
    }

    private static Optional<Instant> instant(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }
}
