package dev.otlp.operator.status;

/**
 * What one condition should say now.
 *
 * @param type    {@code Ready}, {@code Progressing}, {@code Degraded}, ...
 * @param reason  a CamelCase word, e.g. {@code InvalidSpec}
 * @param message for people; names the field or object at fault
 */
public record ConditionState(String type, boolean status, String reason, String message) {

    public static ConditionState isTrue(String type, String reason, String message) {
        return new ConditionState(type, true, reason, message);
    }

    public static ConditionState isFalse(String type, String reason, String message) {
        return new ConditionState(type, false, reason, message);
    }
}
