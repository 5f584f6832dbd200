package dev.otlp.runtime.config;

import java.util.Locale;
import java.util.function.Function;

/**
 * One key of the TOML file, such as {@code [performance] batch_size}.
 *
 * @param current     reads the setting's value from a built configuration for rendering, or null for
 *                    a key that is folded into another one (the seed's {@code tls_cert_path})
 * @param description what the key does, for the reference documentation
 */
record ConfigSetting(String section, String name, ValueType type, Function<RuntimeConfig, Object> current,
                     String description) {

    /** {@code section.name}, as problems name it. */
    String key() {
        return section + "." + name;
    }

    /** The environment variable that overrides it: {@code SECTION_NAME}, {@code LOG_} for {@code [logging]}. */
    String envName() {
        String prefix = section.equals("logging") ? "LOG" : section.toUpperCase(Locale.ROOT);
        return prefix + "_" + name.toUpperCase(Locale.ROOT);
    }

    /** Whether an environment variable may set it. */
    boolean fromEnvironment() {
        return type.fromEnvironment();
    }

    boolean rendered() {
        return current != null;
    }
}
