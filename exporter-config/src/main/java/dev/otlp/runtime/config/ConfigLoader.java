package dev.otlp.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Builds a {@link RuntimeConfig} from, in increasing precedence, the profile's defaults, a TOML
 * file and environment variables. The profile is chosen by {@code [performance] profile} (or a
 * top-level {@code profile}) or {@code PERFORMANCE_PROFILE}; any key set explicitly overrides it.
 * Every problem is collected rather than thrown; see {@link ConfigLoadResult}.
 */
public final class ConfigLoader {

    private static final ObjectMapper TOML_VALUES = new ObjectMapper();

    private ConfigLoader() {
    }

    /** Every environment variable that overrides a setting, with the setting's key: {@code OTLP_ENDPOINT} → {@code otlp.endpoint}. */
    public static Map<String, String> environmentVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        ConfigSchema.settings().stream().filter(ConfigSetting::fromEnvironment)
                .forEach(setting -> variables.put(setting.envName(), setting.key()));
        return variables;
    }

    /** Every key of the configuration, in the file's order, with what its reference says of it (no variable: file only). */
    public static List<ConfigKey> keys() {
        return ConfigSchema.settings().stream()
                .map(s -> new ConfigKey(s.key(), s.fromEnvironment() ? s.envName() : "", s.type().expected(), s.description()))
                .toList();
    }

    /**
     * Relative paths in the file ({@code tls.cert_file}, {@code api_key_file}, {@code queue.directory}…)
     * are resolved against the file's directory, so that the file means the same from any working
     * directory; relative paths in environment variables are left to the working directory.
     *
     * @param file the TOML file, or null for the embedded default (the balanced profile)
     * @param env  environment variables, {@code System.getenv()} in production
     */
    public static ConfigLoadResult load(Path file, Map<String, String> env) {
        if (file == null) {
            return build(Map.of(), env, new ArrayList<>(), UnaryOperator.identity());
        }
        String toml;
        try {
            toml = Files.readString(file);
        } catch (IOException e) {
            return new ConfigLoadResult(null, List.of(new ConfigProblem(file.toString(), unreadable(e))));
        }
        List<ConfigProblem> problems = new ArrayList<>();
        Optional<Map<ConfigSetting, Object>> settings = TomlSettingsReader.read(toml, file.toString(), problems);
        if (settings.isEmpty()) {
            return new ConfigLoadResult(null, problems);
        }
        Path directory = file.toAbsolutePath().getParent();
        Map<ConfigSetting, Object> resolved = new LinkedHashMap<>(settings.get());
        resolved.replaceAll((setting, value) -> setting.type() == ValueTypes.PATH ? resolve(directory, (String) value) : value);
        return build(resolved, env, problems, path -> resolve(directory, path));
    }

    private static String resolve(Path directory, String path) {
        if (path.isBlank()) {
            return path;
        }
        try {
            return Path.of(path).isAbsolute() ? path : directory.resolve(path).normalize().toString();
        } catch (InvalidPathException e) {
            return path; // named by the check of referenced files
        }
    }

    /**
     * Loads TOML text, as the operator does with the ConfigMap it is about to write.
     *
     * @param source names the text in problems, e.g. a file path
     */
    public static ConfigLoadResult fromToml(String toml, String source, Map<String, String> env) {
        List<ConfigProblem> problems = new ArrayList<>();
        Optional<Map<ConfigSetting, Object>> file = TomlSettingsReader.read(toml, source, problems);
        if (file.isEmpty()) {
            return new ConfigLoadResult(null, problems);
        }
        return build(file.get(), env, problems, UnaryOperator.identity());
    }

    /**
     * Builds a configuration from settings a program chose, as the operator does from a resource:
     * each value as a TOML document would hold it (a string, a number, a boolean, a list of strings
     * or a table of strings), keyed {@code section.name}. A value of the wrong type or format is a
     * problem named by its key, as in a file.
     *
     * @throws IllegalArgumentException for a key the configuration does not have: a programming error
     */
    public static ConfigLoadResult fromSettings(Map<String, ?> settings) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<ConfigSetting, Object> values = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            ConfigSetting setting = ConfigSchema.setting(key);
            try {
                values.put(setting, setting.type().fromToml(TOML_VALUES.valueToTree(value)));
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(key, e.getMessage()));
            }
        });
        return build(values, Map.of(), problems, UnaryOperator.identity());
    }

    private static ConfigLoadResult build(Map<ConfigSetting, Object> file, Map<String, String> env,
                                          List<ConfigProblem> problems, UnaryOperator<String> paths) {
        ExplicitSettings settings = new ExplicitSettings()
                .overlay(file)
                .overlay(EnvSettingsReader.read(env, problems));
        JsonNode failoverTables = (JsonNode) file.get(ConfigSchema.setting("otlp." + ConfigSchema.FAILOVER));
        List<ExplicitSettings> failover = failoverTables == null ? List.of()
                : FailoverTables.read(failoverTables, paths, problems).stream()
                        .map(table -> new ExplicitSettings().overlay(table)).toList();
        return new ConfigLoadResult(RuntimeConfigAssembler.assemble(settings, failover), problems);
    }

    private static String unreadable(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "cannot read the config file: it does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "cannot read the config file: permission denied";
        }
        if (e instanceof MalformedInputException) {
            return "cannot read the config file: it is not UTF-8 text";
        }
        return "cannot read the config file: " + e;
    }
}
