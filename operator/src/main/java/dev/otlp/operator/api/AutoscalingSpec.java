package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A HorizontalPodAutoscaler (or a KEDA ScaledObject) for the exporter's Deployment or StatefulSet. While it is set the
 * autoscaler owns the replica count and spec.replicas is ignored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas",
        fieldPath = ".minReplicas", message = "minReplicas must not exceed maxReplicas",
        messageExpression = "'(' + string(self.minReplicas) + ') must not exceed spec.autoscaling.maxReplicas ('"
                + " + string(self.maxReplicas) + ')'")
@ValidationRule(value = "!has(self.metrics) || !has(self.targetCPUUtilizationPercentage)",
        fieldPath = ".targetCPUUtilizationPercentage",
        message = "is set beside spec.autoscaling.metrics: give the CPU target as spec.autoscaling.metrics.cpu")
@ValidationRule(value = AutoscalingSpec.KEDA_PROMETHEUS_RULE, fieldPath = ".prometheusAddress",
        message = "is required with engine keda and a queueFill or receivedItemsRate target: KEDA's Prometheus trigger"
                + " queries it")
public class AutoscalingSpec {

    static final String KEDA_PROMETHEUS_RULE = "!has(self.engine) || self.engine != 'keda' || has(self.prometheusAddress)"
            + " || !has(self.metrics) || (!has(self.metrics.queueFill) && !has(self.metrics.receivedItemsRate))";

    @JsonPropertyDescription("Fewest pods. Default 1.")
    @Min(1)
    @Max(ApiPatterns.MAX_REPLICAS)
    private Integer minReplicas;

    @JsonPropertyDescription("Most pods; at least minReplicas.")
    @Required
    @Min(1)
    @Max(ApiPatterns.MAX_REPLICAS)
    private Integer maxReplicas;

    @JsonPropertyDescription("Average CPU use, in percent of the requested CPU, that the HPA aims for, when metrics is"
            + " unset. Default 80.")
    @Min(1)
    @Max(1000)
    private Integer targetCPUUtilizationPercentage;

    @JsonPropertyDescription("What scales: hpa (a HorizontalPodAutoscaler; queueFill and receivedItemsRate need the"
            + " custom metrics API, e.g. prometheus-adapter with the chart's rules) or keda (a KEDA ScaledObject, created"
            + " once the scaledobjects.keda.sh CRD exists). Default hpa.")
    private AutoscalingEngine engine;

    @JsonPropertyDescription("The metrics to scale on and the per-pod average each aims for: cpu, queueFill,"
            + " receivedItemsRate. Default cpu at targetCPUUtilizationPercentage.")
    private AutoscalingMetricsSpec metrics;

    @JsonPropertyDescription("The Prometheus that KEDA's triggers query (engine keda), e.g."
            + " http://prometheus-operated.monitoring.svc:9090; it must scrape the exporter through its ServiceMonitor.")
    @Pattern(ApiPatterns.URL)
    @Size(max = ApiPatterns.MAX_URL)
    private String prometheusAddress;

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

    public AutoscalingEngine getEngine() {
        return engine;
    }

    public void setEngine(AutoscalingEngine engine) {
        this.engine = engine;
    }

    public AutoscalingMetricsSpec getMetrics() {
        return metrics;
    }

    public void setMetrics(AutoscalingMetricsSpec metrics) {
        this.metrics = metrics;
    }

    public String getPrometheusAddress() {
        return prometheusAddress;
    }

    public void setPrometheusAddress(String prometheusAddress) {
        this.prometheusAddress = prometheusAddress;
    }
}
