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

/**
 * What the exporter holds between acknowledging data and delivering it. When it is full the exporter refuses new data with a retryable status (gRPC RESOURCE_EXHAUSTED, HTTP 429) instead of dropping it. Each bound defaults to the profile's value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@SchemaCustomizer(value = IntOrStringLength.class, input = "maxBytes")
public class QueueSpec {

    @JsonPropertyDescription("Items held at most. Profile default: low-latency 20000, balanced 100000, high-throughput 500000; with persistence, no item bound (its size is the limit) unless set.")
    @Min(1)
    @Max(Integer.MAX_VALUE)
    private Integer maxItems;

    @JsonPropertyDescription("Bytes held at most: bytes, or a size with a binary unit such as 64Mi. Profile default: low-latency 16Mi, balanced 48Mi, high-throughput 192Mi. Keep it well below the memory limit.")
    @ValidationRule(value = ApiPatterns.SIZE_RULE, message = ApiPatterns.SIZE_MESSAGE,
            messageExpression = ApiPatterns.SIZE_MESSAGE_EXPRESSION)
    private IntOrString maxBytes;

    @JsonPropertyDescription("How long a batch the upstream keeps refusing with a retryable status is held before it is dropped (counted as expired). Unset: held until it is delivered.")
    @Pattern(ApiPatterns.DURATION)
    private String maxAge;

    @JsonPropertyDescription("After SIGTERM (a scale-down, a rollout, a node drain), how long a pod delivers what it holds"
            + " before it exits; the pods' termination grace period is this plus shutdownDelay plus 10s. Default: the time"
            + " a full queue takes at a tenth of the profile's measured export rate, plus one upstream timeout, between"
            + " 20s and 5m (balanced 33s, high-throughput 49s; with persistence, sized from the volume).")
    @Pattern(ApiPatterns.DURATION)
    @Size(max = ApiPatterns.MAX_DURATION)
    private String drainTimeout;

    @JsonPropertyDescription("Keep acknowledged data on a volume, so that it survives the runtime's death and is delivered after the restart. Unset: in memory.")
    private QueuePersistenceSpec persistence;

    public Integer getMaxItems() {
        return maxItems;
    }

    public void setMaxItems(Integer maxItems) {
        this.maxItems = maxItems;
    }

    public String getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(String maxAge) {
        this.maxAge = maxAge;
    }

    public String getDrainTimeout() {
        return drainTimeout;
    }

    public void setDrainTimeout(String drainTimeout) {
        this.drainTimeout = drainTimeout;
    }

    public QueuePersistenceSpec getPersistence() {
        return persistence;
    }

    public void setPersistence(QueuePersistenceSpec persistence) {
        this.persistence = persistence;
    }

    public IntOrString getMaxBytes() {
        return maxBytes;
    }

    public void setMaxBytes(IntOrString maxBytes) {
        this.maxBytes = maxBytes;
    }
}
