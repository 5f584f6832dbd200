package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The pool of connections to the upstream. Each field defaults to the profile's value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "!has(self.min) || !has(self.max) || self.min <= self.max", fieldPath = ".min",
        message = "min must not exceed max",
        messageExpression = "'(' + string(self.min) + ') must not exceed spec.connectionPool.max (' + string(self.max) + ')'")
public class ConnectionPoolSpec {

    @JsonPropertyDescription("Connections kept open even when idle. Profile default: 5 (high-throughput 10).")
    @Min(0)
    @Max(ApiPatterns.MAX_CONNECTIONS)
    private Integer min;

    @JsonPropertyDescription("Most connections open at once; at least min. Profile default: 20 (high-throughput 50).")
    @Min(1)
    @Max(ApiPatterns.MAX_CONNECTIONS)
    private Integer max;

    @JsonPropertyDescription("Longest a new connection may take to open. Default 10s.")
    @Pattern(ApiPatterns.DURATION)
    private String connectTimeout;

    @JsonPropertyDescription("An unused connection above min is closed after this long. Default 60s.")
    @Pattern(ApiPatterns.DURATION)
    private String idleTimeout;

    @JsonPropertyDescription("Connections are replaced after this long, so that load rebalances across collector replicas behind a Service. Default 5m.")
    @Pattern(ApiPatterns.DURATION)
    private String maxLifetime;

    public Integer getMin() {
        return min;
    }

    public void setMin(Integer min) {
        this.min = min;
    }

    public Integer getMax() {
        return max;
    }

    public void setMax(Integer max) {
        this.max = max;
    }

    public String getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(String connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public String getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(String idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public String getMaxLifetime() {
        return maxLifetime;
    }

    public void setMaxLifetime(String maxLifetime) {
        this.maxLifetime = maxLifetime;
    }
}
