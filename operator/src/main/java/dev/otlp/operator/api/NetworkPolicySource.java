package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * Who may send OTLP to the exporter: the pods a namespace selector and a pod selector both match, or
 * the addresses of an ipBlock (clients off the pod network, such as those of a hostPort daemonset).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = NetworkPolicySource.ONE_KIND_RULE, message = NetworkPolicySource.ONE_KIND_MESSAGE)
public class NetworkPolicySource {

    public static final String ONE_KIND_RULE = "has(self.ipBlock) ? !has(self.namespaceSelector) && !has(self.podSelector)"
            + " : has(self.namespaceSelector) || has(self.podSelector)";
    public static final String ONE_KIND_MESSAGE = "set namespaceSelector, podSelector or both, or ipBlock alone";

    @JsonPropertyDescription("Namespaces whose pods may send; {} for every namespace. Unset: the exporter's own namespace.")
    private LabelSelector namespaceSelector;

    @JsonPropertyDescription("Pods that may send, in those namespaces; unset: every pod there.")
    private LabelSelector podSelector;

    @JsonPropertyDescription("Addresses that may send (cidr, except), e.g. the nodes' or an office's range, for clients outside the pod network; not with the selectors.")
    private NetworkPolicyIpBlock ipBlock;

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

    public NetworkPolicyIpBlock getIpBlock() {
        return ipBlock;
    }

    public void setIpBlock(NetworkPolicyIpBlock ipBlock) {
        this.ipBlock = ipBlock;
    }
}
