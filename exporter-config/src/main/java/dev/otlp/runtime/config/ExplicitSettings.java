package dev.otlp.runtime.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** The settings a file or the environment set explicitly; everything else falls back to a default. */
final class ExplicitSettings {

    private final Map<ConfigSetting, Object> values = new LinkedHashMap<>();

    /** Adds {@code layer} on top: its values win over those already here. */
    ExplicitSettings overlay(Map<ConfigSetting, Object> layer) {
        values.putAll(layer);
        return this;
    }

    boolean has(String key) {
        return values.containsKey(ConfigSchema.setting(key));
    }

    @SuppressWarnings("unchecked")
    <T> T get(String key, T fallback) {
        return (T) values.getOrDefault(ConfigSchema.setting(key), fallback);
    }
}
