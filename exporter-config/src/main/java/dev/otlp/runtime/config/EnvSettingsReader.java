package dev.otlp.runtime.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the settings environment variables override: {@code SECTION_KEY} for every key
 * ({@code OTLP_ENDPOINT}, {@code PERFORMANCE_BATCH_SIZE}, {@code LOG_LEVEL}, ...). Other variables
 * are ignored, since the environment is shared (Kubernetes adds {@code <SERVICE>_PORT} variables);
 * an empty variable counts as unset, as in the OpenTelemetry SDK.
 */
final class EnvSettingsReader {

    private EnvSettingsReader() {
    }

    static Map<ConfigSetting, Object> read(Map<String, String> env, List<ConfigProblem> problems) {
        Map<ConfigSetting, Object> values = new LinkedHashMap<>();
        for (ConfigSetting setting : ConfigSchema.settings()) {
            if (!setting.fromEnvironment()) {
                continue;
            }
            String text = env.get(setting.envName());
            if (text == null || text.isBlank()) {
                continue;
            }
            try {
                values.put(setting, setting.type().fromText(text));
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem("env " + setting.envName(), e.getMessage()));
            }
        }
        return values;
    }
}
