package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the exporter authenticates to its upstream. Mutual TLS is {@code upstream.tls.clientCertSecretRef}, with any type. */
public enum UpstreamAuthType {
    @JsonProperty("none") NONE,
    @JsonProperty("apiKey") API_KEY,
    @JsonProperty("oauth2") OAUTH2
}
