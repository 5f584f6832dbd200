package dev.otlp.operator.status;

import dev.otlp.operator.model.CustomMetricsApi;
import dev.otlp.operator.api.AutoscalingEngine;
import dev.otlp.operator.model.Scaling;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code Autoscaling} condition: whether what scales the exporter can read the metrics it was given, so that an
 * autoscaler that would silently never scale shows on the status instead, naming what is missing.
 */
public final class AutoscalingCondition {

    public static final String TYPE = "Autoscaling";
    /** Where the README tells how to install the adapter and its rules. */
    private static final String ADAPTER_HINT = "install prometheus-adapter with the rules of the chart's"
            + " prometheusAdapterRules (README, \"Scaling on queue fill\")";

    private AutoscalingCondition() {
    }

    /**
     * @param autoscalerName   the HorizontalPodAutoscaler's (or ScaledObject's) name
     * @param customMetricsApi what the custom metrics API's APIService says, read only for engine hpa
     * @param kedaInstalled    whether KEDA's ScaledObject CRD exists, read only for engine keda
     */
    public static ConditionState of(Scaling.Autoscaling autoscaling, String autoscalerName,
                                    CustomMetricsApi customMetricsApi, boolean kedaInstalled) {
        String metrics = names(autoscaling.targets());
        if (autoscaling.engine() == AutoscalingEngine.KEDA) {
            return kedaInstalled
                    ? ConditionState.isTrue(TYPE, "ScaledObjectManaged", "KEDA ScaledObject " + autoscalerName
                    + " scales on " + metrics)
                    : ConditionState.isFalse(TYPE, "KedaNotInstalled", "engine keda, but KEDA's CRD "
                    + "scaledobjects.keda.sh is not installed: no ScaledObject is created, nothing scales the pods"
                    + " until it is");
        }
        List<Scaling.Target> custom = autoscaling.customTargets();
        if (custom.isEmpty() || customMetricsApi.state() == CustomMetricsApi.State.AVAILABLE) {
            return ConditionState.isTrue(TYPE, "MetricsAvailable", "HorizontalPodAutoscaler " + autoscalerName
                    + " scales on " + metrics);
        }
        String cannotRead = "HorizontalPodAutoscaler " + autoscalerName + " cannot read " + names(custom)
                + " and does not scale on " + (custom.size() == 1 ? "it" : "them") + ": ";
        return customMetricsApi.state() == CustomMetricsApi.State.ABSENT
                ? ConditionState.isFalse(TYPE, "CustomMetricsApiMissing", cannotRead + "APIService "
                + customMetricsApi.apiService() + " is not installed; " + ADAPTER_HINT)
                : ConditionState.isFalse(TYPE, "CustomMetricsApiUnavailable", cannotRead + "APIService "
                + customMetricsApi.apiService() + " is not available (" + customMetricsApi.detail() + ")");
    }

    private static String names(List<Scaling.Target> targets) {
        return targets.stream().map(target -> target.metric().field()).collect(Collectors.joining(", "));
    }
}
