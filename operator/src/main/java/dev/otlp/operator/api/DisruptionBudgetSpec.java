package dev.otlp.operator.api;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * The PodDisruptionBudget, created when more than one replica runs or autoscaling is set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@SchemaCustomizer(value = IntOrStringLength.class, input = "maxUnavailable")
public class DisruptionBudgetSpec {

    @JsonPropertyDescription("Pods that may be down at once during voluntary disruptions such as node drains: a number or a percentage like 25%. Default 1.")
    @ValidationRule(value = "type(self) == int ? self >= 0 : self.size() <= " + ApiPatterns.MAX_SIZE_TEXT + " && self.matches('^[0-9]+%$')",
            message = "must be a number of pods or a percentage such as 25%")
    private IntOrString maxUnavailable;

    public IntOrString getMaxUnavailable() {
        return maxUnavailable;
    }

    public void setMaxUnavailable(IntOrString maxUnavailable) {
        this.maxUnavailable = maxUnavailable;
    }
}
