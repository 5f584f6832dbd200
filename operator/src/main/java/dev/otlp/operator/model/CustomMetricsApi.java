package dev.otlp.operator.model;

/**
 * What a HorizontalPodAutoscaler finds of the custom metrics API, through which it reads queue fill and received items.
 *
 * @param apiService its APIService's name
 * @param state      whether that APIService exists and is available
 * @param detail     why it is not available, as the APIService says; empty otherwise
 */
public record CustomMetricsApi(String apiService, State state, String detail) {

    public enum State { AVAILABLE, UNAVAILABLE, ABSENT }

    public static CustomMetricsApi available(String apiService) {
        return new CustomMetricsApi(apiService, State.AVAILABLE, "");
    }

    public static CustomMetricsApi unavailable(String apiService, String detail) {
        return new CustomMetricsApi(apiService, State.UNAVAILABLE, detail);
    }

    public static CustomMetricsApi absent(String apiService) {
        return new CustomMetricsApi(apiService, State.ABSENT, "");
    }
}
