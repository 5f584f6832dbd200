package dev.otlp.runtime.config;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@code --check-config} runs: load, validate with file checks, and report. Prints one line
 * naming the profile and upstream when the configuration is valid, otherwise one
 * {@code <key>: <message>} line per problem. Never prints a secret's value.
 */
public final class ConfigCheck {

    public static final int VALID = 0;
    public static final int INVALID = 2;

    private ConfigCheck() {
    }

    /**
     * Loads and, when it could be built, validates the configuration: what the runtime does at
     * start-up. The result holds the load problems followed by the validation problems.
     *
     * @param file the TOML file, or null for the embedded default
     */
    public static ConfigLoadResult loadAndValidate(Path file, Map<String, String> env, FileChecks files) {
        return loadAndValidate(file, env, files, config -> List.of());
    }

    /**
     * The same, then, for a configuration without problems so far, {@code contents}: what start-up
     * would find wrong in the files it reads (keys, certificates).
     */
    public static ConfigLoadResult loadAndValidate(Path file, Map<String, String> env, FileChecks files,
                                                   Function<RuntimeConfig, List<ConfigProblem>> contents) {
        ConfigLoadResult loaded = ConfigLoader.load(file, env);
        ConfigLoadResult validated = loaded.builtConfig()
                .map(config -> loaded.withProblems(ConfigValidator.validate(config, files)))
                .orElse(loaded);
        return validated.isValid() ? validated.withProblems(contents.apply(validated.config())) : validated;
    }

    /** @return {@link #VALID} or {@link #INVALID}, the process's exit code */
    public static int run(Path file, Map<String, String> env, PrintStream out) {
        return run(file, env, out, config -> List.of());
    }

    /** The same, checking the files' contents as start-up would, with {@code contents}. */
    public static int run(Path file, Map<String, String> env, PrintStream out,
                          Function<RuntimeConfig, List<ConfigProblem>> contents) {
        ConfigLoadResult result = loadAndValidate(file, env, FileChecks.ON, contents);
        if (!result.isValid()) {
            result.problems().forEach(problem -> out.println(problem.key() + ": " + problem.message()));
            return INVALID;
        }
        RuntimeConfig config = result.config();
        out.println("config OK: " + (file == null ? "embedded default" : file)
                + " (profile " + config.performance().profile().key()
                + ", upstream " + config.otlp().protocol().key() + " " + config.otlp().displayEndpoint() + ")");
        return VALID;
    }
}
