package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * The bound on data held between receiving and delivering. When it is full the exporter refuses new data with a retryable status (gRPC RESOURCE_EXHAUSTED, HTTP 429) instead of dropping it. Each field defaults to the profile's value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class QueueSpec {

    @JsonPropertyDescription("Items held at most. Profile default: low-latency 20000, balanced 100000, high-throughput 500000.")
    @Min(1)
    private Integer maxItems;

    @JsonPropertyDescription("Bytes held at most: bytes, or a size with a binary unit such as 64Mi. Profile default: low-latency 16Mi, balanced 48Mi, high-throughput 192Mi. Keep it well below the memory limit.")
    @ValidationRule(value = ApiPatterns.SIZE_RULE, message = ApiPatterns.SIZE_MESSAGE)
    private IntOrString maxBytes;

    public Integer getMaxItems() {
        return maxItems;
    }

    public void setMaxItems(Integer maxItems) {
        this.maxItems = maxItems;
    }

    public IntOrString getMaxBytes() {
        return maxBytes;
    }

    public void setMaxBytes(IntOrString maxBytes) {
        this.maxBytes = maxBytes;
    }
}
