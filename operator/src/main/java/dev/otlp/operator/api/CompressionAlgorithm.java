package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum CompressionAlgorithm {
    @JsonProperty("zstd") ZSTD,
    @JsonProperty("gzip") GZIP,
    @JsonProperty("none") NONE
}
