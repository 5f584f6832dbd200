package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/**
 * The PodMonitor for a sidecar exporter's metrics, in the applications' pods it was injected into.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class PodMonitorOptions {

    @JsonPropertyDescription("Create the PodMonitor. Default false.")
    private Boolean enabled;

    @JsonPropertyDescription("Scrape interval, e.g. 30s. Default: the scrape interval of the Prometheus that selects the PodMonitor (30s unless it sets one).")
    @Pattern(ApiPatterns.DURATION)
    private String interval;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public String getInterval() {
        return interval;
    }

    public void setInterval(String interval) {
        this.interval = interval;
    }
}
