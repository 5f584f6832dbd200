package dev.otlp.operator.model;

/**
 * One thing wrong with an OtlpExporter's spec.
 *
 * @param field   the field as a user writes it, e.g. {@code spec.batching.maxSize}
 * @param message what is wrong and, where it helps, how to fix it; never a secret's value
 */
public record SpecProblem(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
