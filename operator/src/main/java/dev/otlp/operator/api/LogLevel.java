package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum LogLevel {
    @JsonProperty("trace") TRACE,
    @JsonProperty("debug") DEBUG,
    @JsonProperty("info") INFO,
    @JsonProperty("warn") WARN,
    @JsonProperty("error") ERROR
}
