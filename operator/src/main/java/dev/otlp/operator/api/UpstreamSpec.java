package dev.otlp.operator.api;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.Map;

/**
 * Where the exporter forwards what it receives, and how.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "!has(self.tls) || (has(self.endpoint) && self.endpoint.startsWith('https://'))", fieldPath = ".tls",
        message = "tls needs an https:// endpoint", messageExpression = "'needs an https:// endpoint in spec.upstream.endpoint'")
@SchemaCustomizer(value = IntOrStringLength.class, input = "maxExportSize")
public class UpstreamSpec {

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

    @JsonPropertyDescription("The largest export the upstream receives, in uncompressed protobuf bytes: bytes, or a size such as 4Mi. Batches are cut below it and larger requests split; a request holding one item larger is refused at receipt. Default 4Mi, the OpenTelemetry Collector's default gRPC limit.")
    @ValidationRule(value = ApiPatterns.SIZE_RULE, message = ApiPatterns.SIZE_MESSAGE,
            messageExpression = ApiPatterns.SIZE_MESSAGE_EXPRESSION)
    private IntOrString maxExportSize;

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

    public IntOrString getMaxExportSize() {
        return maxExportSize;
    }

    public void setMaxExportSize(IntOrString maxExportSize) {
        this.maxExportSize = maxExportSize;
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
