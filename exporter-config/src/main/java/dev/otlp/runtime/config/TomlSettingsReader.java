package dev.otlp.runtime.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the settings a TOML document sets, reporting unknown sections and keys and wrong values. */
final class TomlSettingsReader {

    private static final TomlMapper TOML = new TomlMapper();
    private static final ConfigSetting PROFILE = ConfigSchema.setting("performance.profile");

    private final List<ConfigProblem> problems;
    private final Map<ConfigSetting, Object> values = new LinkedHashMap<>();

    private TomlSettingsReader(List<ConfigProblem> problems) {
        this.problems = problems;
    }

    /**
     * @param source names the document in a syntax error, usually the file's path
     * @return the settings read, or empty when the text is not TOML
     */
    static Optional<Map<ConfigSetting, Object>> read(String toml, String source, List<ConfigProblem> problems) {
        JsonNode root;
        try {
            root = TOML.readTree(toml);
        } catch (JacksonException e) {
            problems.add(syntaxError(source, e));
            return Optional.empty();
        }
        TomlSettingsReader reader = new TomlSettingsReader(problems);
        if (root != null && root.isObject()) {
            reader.readRoot(root);
        }
        return Optional.of(reader.values);
    }

    private void readRoot(JsonNode root) {
        Object topLevelProfile = null;
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String name = entry.getKey();
            JsonNode node = entry.getValue();
            if (name.equals(ConfigSchema.TOP_LEVEL_PROFILE) && !node.isObject()) {
                topLevelProfile = parse(PROFILE, node, name);
            } else if (!ConfigSchema.isSection(name) && !node.isObject()) {
                problems.add(new ConfigProblem(name, "unknown top-level key; keys belong in a section"
                        + ConfigSchema.sectionsWith(name).stream().findFirst()
                                .map(section -> " such as [" + section + "] " + name).orElse("")));
            } else if (!ConfigSchema.isSection(name)) {
                problems.add(new ConfigProblem(name, "unknown section" + suggestion(name, ConfigSchema.sections())
                        + "; the sections are " + String.join(", ", ConfigSchema.sections())));
            } else if (!node.isObject()) {
                problems.add(new ConfigProblem(name, "expected a table [" + name + "], got a value"));
            } else {
                readSection(name, node);
            }
        }
        if (topLevelProfile != null) {
            Object sectionProfile = values.putIfAbsent(PROFILE, topLevelProfile);
            if (sectionProfile != null && sectionProfile != topLevelProfile) {
                problems.add(new ConfigProblem(ConfigSchema.TOP_LEVEL_PROFILE,
                        "conflicts with performance.profile; set the profile in one place"));
            }
        }
    }

    private void readSection(String section, JsonNode table) {
        for (Map.Entry<String, JsonNode> entry : table.properties()) {
            String name = entry.getKey();
            Optional<ConfigSetting> setting = ConfigSchema.find(section, name);
            if (setting.isEmpty()) {
                problems.add(new ConfigProblem(section + "." + name, "unknown key"
                        + suggestion(name, ConfigSchema.names(section))
                        + "; [" + section + "] has " + String.join(", ", ConfigSchema.names(section))));
                continue;
            }
            Object value = parse(setting.get(), entry.getValue(), setting.get().key());
            if (value != null) {
                values.put(setting.get(), value);
            }
        }
    }

    private Object parse(ConfigSetting setting, JsonNode node, String key) {
        try {
            return setting.type().fromToml(node);
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(key, e.getMessage()));
            return null;
        }
    }

    private static String suggestion(String typed, List<String> known) {
        return DidYouMean.closest(typed, known).map(name -> " (did you mean " + name + "?)").orElse("");
    }

    /** Names the line; leaves out the parser's excerpt of the text, which may hold a secret. */
    private static ConfigProblem syntaxError(String source, JacksonException e) {
        JsonLocation location = e.getLocation();
        String line = location != null && location.getLineNr() > 0 ? "line " + location.getLineNr() + ": " : "";
        return new ConfigProblem(source, line + "not valid TOML: " + firstLine(e.getOriginalMessage()));
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
