package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/**
 * Where an upstream is and how to reach it: what {@code spec.upstream} and each of its {@code failover} entries say.
 */
public abstract class UpstreamConnectionSpec {

    @JsonPropertyDescription("URL of the collector or vendor endpoint that batches are forwarded to, e.g. https://collector.example.com:4317; \"debug\" logs one line per batch instead of sending. Must not be this exporter's own Service.")
    @Required
    @Pattern(ApiPatterns.UPSTREAM_ENDPOINT)
    @Size(max = ApiPatterns.MAX_URL)
    private String endpoint;

    @JsonPropertyDescription("OTLP transport towards the upstream: grpc or http. Default grpc.")
    private UpstreamProtocol protocol;

    @JsonPropertyDescription("Deadline of one export request, e.g. 30s. Default 30s.")
    @Pattern(ApiPatterns.DURATION)
    private String timeout;

    @JsonPropertyDescription("Extra headers sent with every export request, e.g. a tenant id. Put credentials in auth, not here: headers are stored in the ConfigMap.")
    private Map<String, String> headers;

    @JsonPropertyDescription("TLS towards the upstream; needs an https:// endpoint. An https:// endpoint without it uses TLS 1.2+ with the JDK's trusted CAs.")
    private UpstreamTlsSpec tls;

    @JsonPropertyDescription("How the exporter authenticates to the upstream. Default none.")
    private UpstreamAuthSpec auth;

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public UpstreamProtocol getProtocol() {
        return protocol;
    }

    public void setProtocol(UpstreamProtocol protocol) {
        this.protocol = protocol;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public Map<String, String> getHeaders() {
        return headers;
    }

    public void setHeaders(Map<String, String> headers) {
        this.headers = headers;
    }

    public UpstreamTlsSpec getTls() {
        return tls;
    }

    public void setTls(UpstreamTlsSpec tls) {
        this.tls = tls;
    }

    public UpstreamAuthSpec getAuth() {
        return auth;
    }

    public void setAuth(UpstreamAuthSpec auth) {
        this.auth = auth;
    }
}
