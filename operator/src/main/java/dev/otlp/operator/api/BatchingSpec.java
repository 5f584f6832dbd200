package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How received items are grouped into batches before they are sent upstream. Each field defaults to the profile's value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "!has(self.size) || !has(self.maxSize) || self.maxSize >= self.size", fieldPath = ".maxSize",
        message = "maxSize must be at least size",
        messageExpression = "'(' + string(self.maxSize) + ') must be at least spec.batching.size (' + string(self.size) + ')'")
public class BatchingSpec {

    @JsonPropertyDescription("Items (spans, data points, log records) that fill a batch. Profile default: low-latency 10, balanced 100, high-throughput 500.")
    @Min(1)
    @Max(ApiPatterns.MAX_BATCH_ITEMS)
    private Integer size;

    @JsonPropertyDescription("Longest a partial batch waits before it is sent, e.g. 100ms. Profile default: low-latency 25ms, balanced 100ms, high-throughput 200ms.")
    @Pattern(ApiPatterns.DURATION)
    private String timeout;

    @JsonPropertyDescription("Items a batch never exceeds (a single larger request travels alone); at least size. Profile default: low-latency 50, balanced 1000, high-throughput 2000.")
    @Min(1)
    @Max(ApiPatterns.MAX_BATCH_ITEMS)
    private Integer maxSize;

    @JsonPropertyDescription("Let batches grow under load and shrink when traffic is light. Profile default: false for low-latency, true otherwise.")
    private Boolean adaptive;

    public Integer getSize() {
        return size;
    }

    public void setSize(Integer size) {
        this.size = size;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public Integer getMaxSize() {
        return maxSize;
    }

    public void setMaxSize(Integer maxSize) {
        this.maxSize = maxSize;
    }

    public Boolean getAdaptive() {
        return adaptive;
    }

    public void setAdaptive(Boolean adaptive) {
        this.adaptive = adaptive;
    }
}
