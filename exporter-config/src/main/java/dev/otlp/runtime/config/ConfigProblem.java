package dev.otlp.runtime.config;

/**
 * One thing wrong with a configuration.
 *
 * @param key     where it is: a TOML key such as {@code performance.batch_size}, an environment
 *                variable such as {@code env OTLP_TIMEOUT}, or the config file's path
 * @param message what is wrong and, where it helps, how to fix it; never a secret's value
 */
public record ConfigProblem(String key, String message) {

    @Override
    public String toString() {
        return key + ": " + message;
    }
}
