package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum TlsVersion {
    @JsonProperty("1.2") TLS_1_2("1.2"),
    @JsonProperty("1.3") TLS_1_3("1.3");

    private final String key;

    TlsVersion(String key) {
        this.key = key;
    }

    /** As written in the resource and in the runtime's {@code min_tls_version}: {@code "1.2"}, {@code "1.3"}. */
    public String key() {
        return key;
    }
}
