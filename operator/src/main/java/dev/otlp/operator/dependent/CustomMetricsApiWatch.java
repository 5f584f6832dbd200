package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.model.Scaling;
import dev.otlp.operator.model.CustomMetricsApi;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceCondition;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Watches the one APIService that serves the custom metrics API, by name (a field selector: the informer holds that
 * object or nothing, however many APIServices the cluster has). A HorizontalPodAutoscaler on queue fill or received
 * items reads those metrics through it; its appearance, removal or change of availability re-triggers the exporters
 * that scale so, and the status reads this watch's cache, never the API.
 */
public final class CustomMetricsApiWatch {

    /** The APIService that prometheus-adapter (or any custom metrics adapter) registers. */
    public static final String API_SERVICE = "v1beta1.custom.metrics.k8s.io";
    static final String NAME = "custom-metrics-api";

    private CustomMetricsApiWatch() {
    }

    public static InformerEventSource<APIService, OtlpExporter> eventSource(EventSourceContext<OtlpExporter> context) {
        var configuration = InformerEventSourceConfiguration.from(APIService.class, OtlpExporter.class)
                .withName(NAME)
                .withWatchAllNamespaces()
                .withFollowControllerNamespacesChanges(false)
                .withFieldSelector(new FieldSelector(new FieldSelector.Field("metadata.name", API_SERVICE)))
                .withItemStore(new TrimmedStore.ForApiServices())
                .withSecondaryToPrimaryMapper(apiService -> context.getPrimaryCache().list()
                        .filter(CustomMetricsApiWatch::readsCustomMetrics)
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    /** Whether the exporter's HorizontalPodAutoscaler reads custom metrics; a spec the model refuses is reconciled anyway. */
    private static boolean readsCustomMetrics(OtlpExporter exporter) {
        return Optional.ofNullable(exporter.getSpec()).map(OtlpExporterSpec::getAutoscaling)
                .filter(autoscaling -> autoscaling.getMaxReplicas() != null)
                .map(Scaling.Autoscaling::of).filter(Scaling.Autoscaling::readsCustomMetricsApi).isPresent();
    }

    /** What the watch's cache holds of the custom metrics API. */
    public static CustomMetricsApi state(Context<OtlpExporter> context) {
        var apiServices = (InformerEventSource<APIService, OtlpExporter>)
                context.eventSourceRetriever().getEventSourceFor(APIService.class, NAME);
        Optional<APIService> apiService = apiServices.get(new ResourceID(API_SERVICE));
        if (apiService.isEmpty()) {
            return CustomMetricsApi.absent(API_SERVICE);
        }
        Optional<APIServiceCondition> available = Optional.ofNullable(apiService.get().getStatus())
                .map(status -> status.getConditions()).stream().flatMap(List::stream)
                .filter(condition -> "Available".equals(condition.getType())).findFirst();
        // A new APIService has no conditions until the aggregator checked it: not known to fail, so taken as serving.
        return available.filter(condition -> "False".equals(condition.getStatus()))
                .map(condition -> CustomMetricsApi.unavailable(API_SERVICE, Optional.ofNullable(condition.getMessage())
                        .orElse(Optional.ofNullable(condition.getReason()).orElse(""))))
                .orElse(CustomMetricsApi.available(API_SERVICE));
    }
}
