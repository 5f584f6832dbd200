package dev.otlp.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one setting's value is read from a TOML node or an environment variable's text, and written
 * back as TOML. Reading throws {@link IllegalArgumentException} with a message fit for a
 * {@link ConfigProblem}, which never quotes a credential's value.
 */
interface ValueType {

    Object fromToml(JsonNode node);

    Object fromText(String text);

    String toToml(Object value);

    /** What a value looks like, e.g. {@code a duration string such as "30s"}. */
    String expected();

    /** Whether an environment variable may set it; false for what only a file can hold. */
    default boolean fromEnvironment() {
        return true;
    }
}
