package dev.otlp.runtime.config;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What loading (and optionally validating) a configuration produced.
 *
 * @param config   the configuration built from every value that could be read; null when the file
 *                 itself could not be read or parsed
 * @param problems every problem found, in the order found; empty when the configuration is usable
 */
public record ConfigLoadResult(RuntimeConfig config, List<ConfigProblem> problems) {

    public ConfigLoadResult {
        problems = List.copyOf(problems);
    }

    public boolean isValid() {
        return config != null && problems.isEmpty();
    }

    public Optional<RuntimeConfig> builtConfig() {
        return Optional.ofNullable(config);
    }

    /** This result with more problems appended. */
    public ConfigLoadResult withProblems(List<ConfigProblem> more) {
        return new ConfigLoadResult(config, Stream.concat(problems.stream(), more.stream()).toList());
    }
}
