package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The runtime's profiling endpoints: a thread dump and a Java Flight Recording, on the pod's
 * loopback, reached with {@code kubectl port-forward pod/<pod> 6060}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ProfilingSpec {

    @JsonPropertyDescription("Serve /debug/threads and /debug/jfr?seconds=N on 127.0.0.1:6060 in each exporter pod. Default false.")
    private Boolean enabled;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }
}
