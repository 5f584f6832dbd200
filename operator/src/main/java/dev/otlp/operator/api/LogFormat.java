package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum LogFormat {
    @JsonProperty("json") JSON,
    @JsonProperty("text") TEXT
}
