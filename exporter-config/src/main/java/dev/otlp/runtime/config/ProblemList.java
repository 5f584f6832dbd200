package dev.otlp.runtime.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Collects validation problems. */
final class ProblemList {

    private final List<ConfigProblem> problems = new ArrayList<>();

    void add(String key, String message) {
        problems.add(new ConfigProblem(key, message));
    }

    void require(boolean ok, String key, String message) {
        if (!ok) {
            add(key, message);
        }
    }

    void positive(Duration value, String key) {
        require(!value.isNegative() && !value.isZero(), key, "must be longer than 0, got " + Durations.format(value));
    }

    void atLeast(long value, long minimum, String key) {
        require(value >= minimum, key, "must be at least " + minimum + ", got " + value);
    }

    void port(int port, String key) {
        require(port >= 0 && port <= 65535, key, "must be a port in 1..65535 (or 0 for any free port), got " + port);
    }

    List<ConfigProblem> toList() {
        return List.copyOf(problems);
    }
}
