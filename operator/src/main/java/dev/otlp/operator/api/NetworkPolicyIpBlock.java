package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.List;

/** Addresses allowed to send OTLP, as a NetworkPolicy's ipBlock: clients off the cluster's pod network. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NetworkPolicyIpBlock {

    /** At most 16 exceptions: a NetworkPolicy peer is meant for a few ranges, not an address list. */
    public static final int MAX_EXCEPT = 16;

    @Required
    @Pattern(ApiPatterns.CIDR)
    @Size(max = ApiPatterns.MAX_CIDR_LENGTH)
    @JsonPropertyDescription("The addresses that may send, as a CIDR: 10.20.0.0/16, or 2001:db8::/64 for IPv6.")
    private String cidr;

    @Size(max = MAX_EXCEPT)
    @JsonPropertyDescription("Ranges inside cidr that may not send, each a CIDR with a longer prefix.")
    private List<String> except;

    public String getCidr() {
        return cidr;
    }

    public void setCidr(String cidr) {
        this.cidr = cidr;
    }

    public List<String> getExcept() {
        return except;
    }

    public void setExcept(List<String> except) {
        this.except = except;
    }
}
