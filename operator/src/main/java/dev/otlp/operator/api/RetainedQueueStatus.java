package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Undelivered data a scaled-down StatefulSet replica left on its queue claim: its pod stopped before the upstream
 * took everything, and the claim keeps it until a replica with that ordinal runs again and delivers it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class RetainedQueueStatus {

    @JsonPropertyDescription("The PersistentVolumeClaim that holds the data, e.g. queue-gateway-2.")
    private String claim;

    @JsonPropertyDescription("The pod that left it, e.g. gateway-2; scaling back to its ordinal + 1 replicas replays the claim.")
    private String pod;

    @JsonPropertyDescription("Bytes of the persistent queue on the claim when the pod stopped.")
    @Min(0)
    @Max(ApiPatterns.MAX_GENERATION)
    private Long bytes;

    @JsonPropertyDescription("Spans, data points and log records among them.")
    @Min(0)
    @Max(ApiPatterns.MAX_GENERATION)
    private Long items;

    @JsonPropertyDescription("When the pod stopped (RFC 3339, UTC).")
    private String since;

    public String getClaim() {
        return claim;
    }

    public void setClaim(String claim) {
        this.claim = claim;
    }

    public String getPod() {
        return pod;
    }

    public void setPod(String pod) {
        this.pod = pod;
    }

    public Long getBytes() {
        return bytes;
    }

    public void setBytes(Long bytes) {
        this.bytes = bytes;
    }

    public Long getItems() {
        return items;
    }

    public void setItems(Long items) {
        this.items = items;
    }

    public String getSince() {
        return since;
    }

    public void setSince(String since) {
        this.since = since;
    }
}
