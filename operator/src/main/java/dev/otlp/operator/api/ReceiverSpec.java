package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The OTLP listeners applications send to: gRPC on 4317 and HTTP on 4318.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ReceiverSpec {

    @JsonPropertyDescription("TLS on both listeners. Plaintext when unset.")
    private ReceiverTlsSpec tls;

    @JsonPropertyDescription("What clients must present. Anyone who can reach the Service may send when unset.")
    private ReceiverAuthSpec auth;

    public ReceiverTlsSpec getTls() {
        return tls;
    }

    public void setTls(ReceiverTlsSpec tls) {
        this.tls = tls;
    }

    public ReceiverAuthSpec getAuth() {
        return auth;
    }

    public void setAuth(ReceiverAuthSpec auth) {
        this.auth = auth;
    }
}
