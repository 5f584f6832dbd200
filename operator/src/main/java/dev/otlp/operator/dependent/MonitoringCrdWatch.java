package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.monitoring.MonitoringCrds;
import dev.otlp.operator.render.ScaledObject;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Watches for the Prometheus Operator's CRDs and KEDA's ScaledObject CRD. Their appearance (or removal) re-triggers
 * every exporter, so ServiceMonitors, PodMonitors, PrometheusRules and ScaledObjects follow a monitoring stack or KEDA
 * installed after the operator started; the dependents' activation conditions read this watch's cache, not the API.
 */
public final class MonitoringCrdWatch {

    static final String NAME = "monitoring-crds";
    private static final Set<String> WATCHED = Set.of(MonitoringCrds.SERVICE_MONITORS, MonitoringCrds.POD_MONITORS,
            MonitoringCrds.PROMETHEUS_RULES, ScaledObject.CRD);

    private MonitoringCrdWatch() {
    }

    public static InformerEventSource<CustomResourceDefinition, OtlpExporter> eventSource(EventSourceContext<OtlpExporter> context) {
        var configuration = InformerEventSourceConfiguration.from(CustomResourceDefinition.class, OtlpExporter.class)
                .withName(NAME)
                .withWatchAllNamespaces()
                .withFollowControllerNamespacesChanges(false)
                .withItemStore(new TrimmedStore.ForCustomResourceDefinitions())
                .withGenericFilter(crd -> WATCHED.contains(crd.getMetadata().getName()))
                .withSecondaryToPrimaryMapper(crd -> context.getPrimaryCache().list()
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    public static boolean installed(Context<OtlpExporter> context, String crdName) {
        var crds = (InformerEventSource<CustomResourceDefinition, OtlpExporter>)
                context.eventSourceRetriever().getEventSourceFor(CustomResourceDefinition.class, NAME);
        return crds.get(new ResourceID(crdName)).isPresent();
    }
}
