package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * Thresholds of the PrometheusRule's alerts. Unset thresholds take the defaults below.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class AlertsSpec {

    public static final String DEFAULT_P99_LATENCY_THRESHOLD = "100ms";
    public static final double DEFAULT_ERROR_RATE_THRESHOLD = 0.05;
    public static final int DEFAULT_MIN_THROUGHPUT = 1;
    public static final double DEFAULT_QUEUE_UTILIZATION_THRESHOLD = 0.8;

    @JsonPropertyDescription("Create the PrometheusRule. Default false.")
    private Boolean enabled;

    @JsonPropertyDescription("Fire when the 99th percentile of receive-to-acknowledge time exceeds this, e.g. 100ms. Default 100ms.")
    @Pattern(ApiPatterns.DURATION)
    private String p99LatencyThreshold;

    @JsonPropertyDescription("Fire when more than this fraction of received requests fail, e.g. 0.05 for 5%. Default 0.05.")
    @Min(0)
    @Max(1)
    private Double errorRateThreshold;

    @JsonPropertyDescription("Fire when fewer items than this per second are exported (while the exporter runs); 0 turns the alert off. Default 1.")
    @Min(0)
    @Max(Integer.MAX_VALUE)
    private Integer minThroughput;

    @JsonPropertyDescription("Fire when the queue is fuller than this fraction of its capacity (items or bytes), e.g. 0.8. Default 0.8.")
    @Min(0)
    @Max(1)
    private Double queueUtilizationThreshold;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public String getP99LatencyThreshold() {
        return p99LatencyThreshold;
    }

    public void setP99LatencyThreshold(String p99LatencyThreshold) {
        this.p99LatencyThreshold = p99LatencyThreshold;
    }

    public Double getErrorRateThreshold() {
        return errorRateThreshold;
    }

    public void setErrorRateThreshold(Double errorRateThreshold) {
        this.errorRateThreshold = errorRateThreshold;
    }

    public Integer getMinThroughput() {
        return minThroughput;
    }

    public void setMinThroughput(Integer minThroughput) {
        this.minThroughput = minThroughput;
    }

    public Double getQueueUtilizationThreshold() {
        return queueUtilizationThreshold;
    }

    public void setQueueUtilizationThreshold(Double queueUtilizationThreshold) {
        this.queueUtilizationThreshold = queueUtilizationThreshold;
    }
}
