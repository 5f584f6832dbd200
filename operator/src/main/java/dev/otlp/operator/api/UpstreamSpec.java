package dev.otlp.operator.api;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/**
 * Where the exporter forwards what it receives, and how; and where it forwards when that upstream fails.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "!has(self.tls) || (has(self.endpoint) && self.endpoint.startsWith('https://'))", fieldPath = ".tls",
        message = "tls needs an https:// endpoint", messageExpression = "'needs an https:// endpoint in spec.upstream.endpoint'")
@SchemaCustomizer(value = IntOrStringLength.class, input = "maxExportSize")
public class UpstreamSpec extends UpstreamConnectionSpec {

    @JsonPropertyDescription("The largest export the upstream receives, in uncompressed protobuf bytes: bytes, or a size such as 4Mi. Batches are cut below it and larger requests split; a request holding one item larger is refused at receipt. Default 4Mi, the OpenTelemetry Collector's default gRPC limit.")
    @ValidationRule(value = ApiPatterns.SIZE_RULE, message = ApiPatterns.SIZE_MESSAGE,
            messageExpression = ApiPatterns.SIZE_MESSAGE_EXPRESSION)
    private IntOrString maxExportSize;

    @JsonPropertyDescription("Secondary upstreams, in order, each shaped like upstream (endpoint, protocol, timeout, headers, tls, auth; its Secrets are mounted like the upstream's). Exports go to the first healthy one: after failoverAfter consecutive failed attempts, or at once when the active upstream refuses the exporter (401, 403, 404, TLS), the exporter switches to the next; it probes this upstream every failbackProbeInterval and fails back when a probe succeeds. Data held is sent to whichever upstream is active, never to two. Status condition UpstreamReachable and the metric otlp_upstream_active{upstream} name the active one (primary, failover-1, ...); the alert OtlpExporterFailedOver fires while it is not the primary.")
    @Size(max = ApiPatterns.MAX_FAILOVER_UPSTREAMS)
    private List<FailoverUpstreamSpec> failover;

    @JsonPropertyDescription("Consecutive failed export attempts on the active upstream after which the exporter switches to the next one in failover. Default 3.")
    @Min(1)
    @Max(1000)
    private Integer failoverAfter;

    @JsonPropertyDescription("While a failover upstream is active, how often this upstream is probed with an empty export; the exporter fails back on the first probe that succeeds, so at most once per interval (the hold-down that bounds switches of a flapping upstream). Default 30s.")
    @Pattern(ApiPatterns.DURATION)
    private String failbackProbeInterval;

    public IntOrString getMaxExportSize() {
        return maxExportSize;
    }

    public void setMaxExportSize(IntOrString maxExportSize) {
        this.maxExportSize = maxExportSize;
    }

    public List<FailoverUpstreamSpec> getFailover() {
        return failover;
    }

    public void setFailover(List<FailoverUpstreamSpec> failover) {
        this.failover = failover;
    }

    public Integer getFailoverAfter() {
        return failoverAfter;
    }

    public void setFailoverAfter(Integer failoverAfter) {
        this.failoverAfter = failoverAfter;
    }

    public String getFailbackProbeInterval() {
        return failbackProbeInterval;
    }

    public void setFailbackProbeInterval(String failbackProbeInterval) {
        this.failbackProbeInterval = failbackProbeInterval;
    }
}
