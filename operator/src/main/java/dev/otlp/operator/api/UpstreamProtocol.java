package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum UpstreamProtocol {
    @JsonProperty("grpc") GRPC,
    @JsonProperty("http") HTTP
}
