package dev.otlp.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Reads and writes the {@code [[otlp.failover]]} tables. Each table takes the keys of {@code [otlp]}
 * that say where and how to send ({@link #OTLP_KEYS}) and, in sub-tables, the keys of the sections
 * that say how to authenticate ({@link #SECTIONS}), with the same types and the same implied settings
 * as the primary's. Problems are named {@code otlp.failover[i].key}, counting from 0.
 */
final class FailoverTables {

    static final List<String> OTLP_KEYS = List.of("endpoint", "protocol", "timeout", "headers");
    static final List<String> SECTIONS = List.of("authentication", "oauth2", "tls");

    private FailoverTables() {
    }

    /** {@code otlp.failover[i].}: how a key of the i-th table is named. */
    static String prefix(int index) {
        return "otlp." + ConfigSchema.FAILOVER + "[" + index + "].";
    }

    /**
     * @param paths resolves a path the way the file's other paths are
     * @return each table's settings, keyed by the primary's settings ({@code otlp.endpoint}, {@code tls.ca_file}...)
     */
    static List<Map<ConfigSetting, Object>> read(JsonNode tables, UnaryOperator<String> paths, List<ConfigProblem> problems) {
        List<Map<ConfigSetting, Object>> read = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            Map<ConfigSetting, Object> settings = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : tables.get(i).properties()) {
                String name = entry.getKey();
                if (SECTIONS.contains(name) && entry.getValue().isObject()) {
                    readSection(i, name, entry.getValue(), paths, settings, problems);
                } else if (OTLP_KEYS.contains(name)) {
                    parse(ConfigSchema.setting("otlp." + name), entry.getValue(), prefix(i) + name, paths, settings, problems);
                } else {
                    problems.add(new ConfigProblem(prefix(i) + name, "unknown key" + suggestion(name, tableNames())
                            + "; a [[otlp.failover]] table has " + String.join(", ", OTLP_KEYS) + " and the tables "
                            + String.join(", ", SECTIONS)));
                }
            }
            read.add(settings);
        }
        return read;
    }

    private static void readSection(int index, String section, JsonNode table, UnaryOperator<String> paths,
                                    Map<ConfigSetting, Object> settings, List<ConfigProblem> problems) {
        for (Map.Entry<String, JsonNode> entry : table.properties()) {
            String key = prefix(index) + section + "." + entry.getKey();
            Optional<ConfigSetting> setting = ConfigSchema.find(section, entry.getKey());
            if (setting.isEmpty()) {
                problems.add(new ConfigProblem(key, "unknown key" + suggestion(entry.getKey(), ConfigSchema.names(section))
                        + "; [" + section + "] has " + String.join(", ", ConfigSchema.names(section))));
            } else {
                parse(setting.get(), entry.getValue(), key, paths, settings, problems);
            }
        }
    }

    private static void parse(ConfigSetting setting, JsonNode node, String key, UnaryOperator<String> paths,
                              Map<ConfigSetting, Object> settings, List<ConfigProblem> problems) {
        try {
            Object value = setting.type().fromToml(node);
            settings.put(setting, setting.type() == ValueTypes.PATH ? paths.apply((String) value) : value);
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(key, e.getMessage()));
        }
    }

    private static List<String> tableNames() {
        return Stream.concat(OTLP_KEYS.stream(), SECTIONS.stream()).toList();
    }

    private static String suggestion(String typed, List<String> known) {
        return DidYouMean.closest(typed, known).map(name -> " (did you mean " + name + "?)").orElse("");
    }

    /** The tables as TOML, each key explicit, so that they read back to the same upstreams. */
    static String render(RuntimeConfig config) {
        StringBuilder toml = new StringBuilder();
        for (SecondaryUpstream upstream : config.failover().upstreams()) {
            RuntimeConfig view = config.withUpstream(upstream);
            toml.append("\n[[otlp.").append(ConfigSchema.FAILOVER).append("]]\n");
            OTLP_KEYS.forEach(name -> line(ConfigSchema.setting("otlp." + name), view, toml));
            for (String section : SECTIONS) {
                toml.append("[otlp.").append(ConfigSchema.FAILOVER).append('.').append(section).append("]\n");
                ConfigSchema.settings().stream().filter(s -> s.section().equals(section) && s.rendered())
                        .forEach(setting -> line(setting, view, toml));
            }
        }
        return toml.toString();
    }

    private static void line(ConfigSetting setting, RuntimeConfig config, StringBuilder toml) {
        Object value = setting.current().apply(config);
        if (value != null) {
            toml.append(setting.name()).append(" = ").append(setting.type().toToml(value)).append('\n');
        }
    }
}
