package dev.otlp.runtime.config;

import java.util.List;

/**
 * Writes a {@link RuntimeConfig} as TOML that {@link ConfigLoader} reads back to an equal
 * configuration: every key explicit (so no profile default or implied setting can shift it), in
 * the schema's fixed order, so the same configuration always renders to the same text. Secret
 * values are written when set; a ConfigMap should refer to them with the {@code *_file} keys instead.
 */
public final class ConfigRenderer {

    private static final String HEADER = "# otlp-fleet exporter runtime configuration\n";

    private ConfigRenderer() {
    }

    public static String render(RuntimeConfig config) {
        StringBuilder toml = new StringBuilder(HEADER);
        for (String section : ConfigSchema.sections()) {
            List<String> lines = ConfigSchema.settings().stream()
                    .filter(setting -> setting.section().equals(section) && setting.rendered())
                    .map(setting -> line(setting, config))
                    .filter(line -> !line.isEmpty())
                    .toList();
            toml.append('\n').append('[').append(section).append("]\n");
            lines.forEach(line -> toml.append(line).append('\n'));
        }
        return toml.append(FailoverTables.render(config)).toString();
    }

    private static String line(ConfigSetting setting, RuntimeConfig config) {
        Object value = setting.current().apply(config);
        return value == null ? "" : setting.name() + " = " + setting.type().toToml(value);
    }
}
