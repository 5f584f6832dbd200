package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What scales the exporter's pods. */
public enum AutoscalingEngine {
    /** A HorizontalPodAutoscaler; queueFill and receivedItemsRate through the custom metrics API (prometheus-adapter). */
    @JsonProperty("hpa") HPA,
    /** A KEDA ScaledObject with Prometheus triggers; KEDA runs the HorizontalPodAutoscaler. */
    @JsonProperty("keda") KEDA
}
