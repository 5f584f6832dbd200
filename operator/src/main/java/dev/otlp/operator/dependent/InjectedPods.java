package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.render.Deployments;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The application pods a mode-sidecar exporter was injected into, found by the label
 * {@code otlp.dev/sidecar-of} the injection puts on them, whether the runtime joined as a native
 * sidecar or a container: each one created, changed or gone reconciles its exporter, whose status
 * counts them. Only labelled pods are watched, and each is cached as little more than its phase and
 * config-hash annotation ({@link TrimmedStore.ForInjectedPods}).
 */
public final class InjectedPods {

    static final String NAME = "injected-pods";
    private static final Set<String> ENDED = Set.of("Succeeded", "Failed");

    /** How many injected pods run, and how many of them started with an older configuration than the current one. */
    public record Count(int running, int onOlderConfig) {
    }

    private InjectedPods() {
    }

    public static InformerEventSource<Pod, OtlpExporter> eventSource(EventSourceContext<OtlpExporter> context) {
        var configuration = InformerEventSourceConfiguration.from(Pod.class, OtlpExporter.class)
                .withName(NAME)
                .withLabelSelector(Labels.SIDECAR_OF)
                .withItemStore(new TrimmedStore.ForInjectedPods())
                .withSecondaryToPrimaryMapper(pod -> Set.of(new ResourceID(
                        pod.getMetadata().getLabels().get(Labels.SIDECAR_OF), pod.getMetadata().getNamespace())))
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    /** @param configHash the configuration the exporter's ConfigMap and Secrets hold now */
    public static Count count(OtlpExporter exporter, Context<OtlpExporter> context, String configHash) {
        var running = context.eventSourceRetriever().getEventSourceFor(Pod.class, NAME).getSecondaryResources(exporter).stream()
                .filter(pod -> !ENDED.contains(Optional.ofNullable(pod.getStatus()).map(status -> status.getPhase()).orElse("")))
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .toList();
        long older = running.stream()
                .map(pod -> Optional.ofNullable(pod.getMetadata().getAnnotations()).orElse(Map.of())
                        .get(Deployments.CONFIG_HASH_ANNOTATION))
                .filter(hash -> !Objects.equals(hash, configHash))
                .count();
        return new Count(running.size(), (int) older);
    }
}
