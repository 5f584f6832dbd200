package dev.otlp.runtime.config;

/** {@code [logging]}: JSON lines on stdout by default. */
public record LoggingConfig(Level level, Format format, Output output, boolean enableStructuredLogging) {

    public static LoggingConfig defaults() {
        return new LoggingConfig(Level.INFO, Format.JSON, Output.STDOUT, true);
    }

    public enum Level { TRACE, DEBUG, INFO, WARN, ERROR }

    public enum Format { JSON, TEXT }

    public enum Output { STDOUT, STDERR }
}
