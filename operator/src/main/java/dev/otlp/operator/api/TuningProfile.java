package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The tuning profile: the defaults for batching, compression, connection pool, queue and resources. */
public enum TuningProfile {
    @JsonProperty("low-latency") LOW_LATENCY("low-latency"),
    @JsonProperty("balanced") BALANCED("balanced"),
    @JsonProperty("high-throughput") HIGH_THROUGHPUT("high-throughput");

    private final String key;

    TuningProfile(String key) {
        this.key = key;
    }

    /** The name written in the resource: {@code low-latency}, {@code balanced}, {@code high-throughput}. */
    public String key() {
        return key;
    }
}
