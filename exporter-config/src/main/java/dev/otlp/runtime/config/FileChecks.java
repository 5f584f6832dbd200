package dev.otlp.runtime.config;

/** Whether validation checks that files the configuration refers to exist and are readable. */
public enum FileChecks {
    /** The runtime, at start-up and with {@code --check-config}: the files must be there. */
    ON,
    /** The operator, which validates before the Secrets holding those files are mounted. */
    OFF
}
