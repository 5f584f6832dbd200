package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A HorizontalPodAutoscaler for the exporter's Deployment. While it is set the HPA owns the replica count and spec.replicas is ignored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas",
        fieldPath = ".minReplicas", message = "minReplicas must not exceed maxReplicas",
        messageExpression = "'(' + string(self.minReplicas) + ') must not exceed spec.autoscaling.maxReplicas ('"
                + " + string(self.maxReplicas) + ')'")
public class AutoscalingSpec {

    @JsonPropertyDescription("Fewest pods. Default 1.")
    @Min(1)
    @Max(ApiPatterns.MAX_REPLICAS)
    private Integer minReplicas;

    @JsonPropertyDescription("Most pods; at least minReplicas.")
    @Required
    @Min(1)
    @Max(ApiPatterns.MAX_REPLICAS)
    private Integer maxReplicas;

    @JsonPropertyDescription("Average CPU use, in percent of the requested CPU, that the HPA aims for. Default 80.")
    @Min(1)
    @Max(1000)
    private Integer targetCPUUtilizationPercentage;

    public Integer getMinReplicas() {
        return minReplicas;
    }

    public void setMinReplicas(Integer minReplicas) {
        this.minReplicas = minReplicas;
    }

    public Integer getMaxReplicas() {
        return maxReplicas;
    }

    public void setMaxReplicas(Integer maxReplicas) {
        this.maxReplicas = maxReplicas;
    }

    public Integer getTargetCPUUtilizationPercentage() {
        return targetCPUUtilizationPercentage;
    }

    public void setTargetCPUUtilizationPercentage(Integer targetCPUUtilizationPercentage) {
        this.targetCPUUtilizationPercentage = targetCPUUtilizationPercentage;
    }
}
