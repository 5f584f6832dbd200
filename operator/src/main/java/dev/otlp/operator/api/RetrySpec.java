package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Retries of failed exports, with exponential back-off and jitter, on retryable outcomes only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "!has(self.initialDelay) || !has(self.maxDelay) || duration(self.maxDelay) >= duration(self.initialDelay)",
        fieldPath = ".maxDelay", message = "maxDelay must be at least initialDelay",
        messageExpression = "'(' + self.maxDelay + ') must be at least spec.retry.initialDelay (' + self.initialDelay + ')'")
public class RetrySpec {

    @JsonPropertyDescription("Quick retries at growing delays after a failed export. After them a batch is retried every maxDelay until the upstream takes it: a retryable failure never drops data (see queue.maxAge). Default 3.")
    @Min(0)
    @Max(100)
    private Integer attempts;

    @JsonPropertyDescription("Wait before the first retry; it doubles on each further one. Default 1s.")
    @Pattern(ApiPatterns.DURATION)
    @Size(max = ApiPatterns.MAX_DURATION)
    private String initialDelay;

    @JsonPropertyDescription("Longest wait between two attempts; at least initialDelay. Default 30s.")
    @Pattern(ApiPatterns.DURATION)
    @Size(max = ApiPatterns.MAX_DURATION)
    private String maxDelay;

    public Integer getAttempts() {
        return attempts;
    }

    public void setAttempts(Integer attempts) {
        this.attempts = attempts;
    }

    public String getInitialDelay() {
        return initialDelay;
    }

    public void setInitialDelay(String initialDelay) {
        this.initialDelay = initialDelay;
    }

    public String getMaxDelay() {
        return maxDelay;
    }

    public void setMaxDelay(String maxDelay) {
        this.maxDelay = maxDelay;
    }
}
