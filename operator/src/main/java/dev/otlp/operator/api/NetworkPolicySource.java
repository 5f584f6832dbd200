package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** Pods allowed to send OTLP to the exporter: those a namespace selector and a pod selector both match. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "has(self.namespaceSelector) || has(self.podSelector)",
        message = "set namespaceSelector, podSelector or both")
public class NetworkPolicySource {

    @JsonPropertyDescription("Namespaces whose pods may send; {} for every namespace. Unset: the exporter's own namespace.")
    private LabelSelector namespaceSelector;

    @JsonPropertyDescription("Pods that may send, in those namespaces; unset: every pod there.")
    private LabelSelector podSelector;

    public LabelSelector getNamespaceSelector() {
        return namespaceSelector;
    }

    public void setNamespaceSelector(LabelSelector namespaceSelector) {
        this.namespaceSelector = namespaceSelector;
    }

    public LabelSelector getPodSelector() {
        return podSelector;
    }

    public void setPodSelector(LabelSelector podSelector) {
        this.podSelector = podSelector;
    }
}
