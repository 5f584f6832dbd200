package dev.otlp.runtime.config;

/**
 * One key of the configuration, as its reference documents it.
 *
 * @param key                 {@code section.name}, e.g. {@code queue.persistent}
 * @param environmentVariable the variable that overrides it, e.g. {@code QUEUE_PERSISTENT}
 * @param type                what a value looks like, e.g. {@code a duration string such as "30s"}
 * @param description         what it does
 */
public record ConfigKey(String key, String environmentVariable, String type, String description) {
}
