package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;

import java.util.List;

/**
 * A NetworkPolicy for the exporter's pods (the seed's firewall chapter): OTLP only from allowed
 * sources, metrics only from the monitoring namespaces, the health port from the operator, and
 * egress only to the upstream's port and to DNS.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NetworkPolicySpec {

    @JsonPropertyDescription("Generate the NetworkPolicy <name>. Default false.")
    private Boolean enabled;

    @JsonPropertyDescription("Who may send OTLP (4317, 4318): each entry a namespaceSelector and/or a podSelector, or an ipBlock, as in a NetworkPolicy peer. Unset: the pods of the exporter's own namespace.")
    private List<NetworkPolicySource> allowedSources;

    @JsonPropertyDescription("The namespaces whose pods may scrape /metrics (9090). Unset: the namespace named monitoring.")
    private LabelSelector metricsNamespaceSelector;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public List<NetworkPolicySource> getAllowedSources() {
        return allowedSources;
    }

    public void setAllowedSources(List<NetworkPolicySource> allowedSources) {
        this.allowedSources = allowedSources;
    }

    public LabelSelector getMetricsNamespaceSelector() {
        return metricsNamespaceSelector;
    }

    public void setMetricsNamespaceSelector(LabelSelector metricsNamespaceSelector) {
        this.metricsNamespaceSelector = metricsNamespaceSelector;
    }
}
