package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the exporter's pods run. */
public enum ExporterMode {
    /** A gateway: replicas behind a Service, scaled by spec.replicas or spec.autoscaling. */
    @JsonProperty("deployment") DEPLOYMENT("deployment"),
    /** A node agent: one pod per node; applications reach the one on their own node. */
    @JsonProperty("daemonset") DAEMON_SET("daemonset"),
    /** A gateway whose replicas each keep a persistent queue on a claim of their own. */
    @JsonProperty("statefulset") STATEFUL_SET("statefulset"),
    /**
     * In the applications' own pods: the operator injects the runtime as a container into each pod
     * annotated {@code otlp.dev/inject}, and applications send to localhost:4317.
     */
    @JsonProperty("sidecar") SIDECAR("sidecar");

    private final String key;

    ExporterMode(String key) {
        this.key = key;
    }

    /** As the resource spells it. */
    public String key() {
        return key;
    }
}
