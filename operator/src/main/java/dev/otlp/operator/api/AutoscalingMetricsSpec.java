package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The metrics the exporter scales on, each with the per-pod average it aims for. As with any HorizontalPodAutoscaler,
 * the metric that asks for the most pods wins.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "has(self.cpu) || has(self.queueFill) || has(self.receivedItemsRate)",
        message = "names no metric: set at least one of cpu, queueFill, receivedItemsRate")
public class AutoscalingMetricsSpec {

    @JsonPropertyDescription("Average CPU use, in percent of the requested CPU, e.g. 80.")
    @Min(1)
    @Max(1000)
    private Integer cpu;

    @JsonPropertyDescription("Average fill of the pods' queues, a fraction of their capacity (items or bytes, whichever is"
            + " fuller), e.g. 0.5: a queue fills when the upstream slows down, before CPU says anything. Read from the"
            + " runtime's otlp_queue_fill_ratio.")
    @Min(0.01)
    @Max(1)
    private Double queueFill;

    @JsonPropertyDescription("Items (spans, data points, log records) received per second per pod, e.g. 50000. Read from"
            + " the rate of the runtime's otlp_received_items_total.")
    @Min(1)
    @Max(100_000_000)
    private Integer receivedItemsRate;

    public Integer getCpu() {
        return cpu;
    }

    public void setCpu(Integer cpu) {
        this.cpu = cpu;
    }

    public Double getQueueFill() {
        return queueFill;
    }

    public void setQueueFill(Double queueFill) {
        this.queueFill = queueFill;
    }

    public Integer getReceivedItemsRate() {
        return receivedItemsRate;
    }

    public void setReceivedItemsRate(Integer receivedItemsRate) {
        this.receivedItemsRate = receivedItemsRate;
    }
}
