package dev.otlp.demo;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterStatus;
import dev.otlp.operator.model.Labels;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** What the demo prints: each OtlpExporter with its status, its conditions and the objects it owns. */
final class FleetReport {

    private static final List<Class<? extends HasMetadata>> GENERATED_KINDS = List.of(ConfigMap.class, Secret.class,
            ServiceAccount.class, Deployment.class, StatefulSet.class, Service.class, PodDisruptionBudget.class,
            HorizontalPodAutoscaler.class, ServiceMonitor.class, PodMonitor.class, PrometheusRule.class);

    private final KubernetesClient client;

    FleetReport(KubernetesClient client) {
        this.client = client;
    }

    List<OtlpExporter> exporters() {
        return client.resources(OtlpExporter.class).inAnyNamespace().list().getItems().stream()
                .sorted(Comparator.comparing((OtlpExporter e) -> e.getMetadata().getNamespace())
                        .thenComparing(e -> e.getMetadata().getName()))
                .toList();
    }

    /** Whether every exporter reports Ready=True for its current generation. */
    boolean allReady() {
        return exporters().stream().allMatch(FleetReport::ready);
    }

    static boolean ready(OtlpExporter exporter) {
        OtlpExporterStatus status = exporter.getStatus();
        return status != null && status.getConditions() != null
                && Objects.equals(status.getObservedGeneration(), exporter.getMetadata().getGeneration())
                && status.getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    String render() {
        StringBuilder out = new StringBuilder();
        for (OtlpExporter exporter : exporters()) {
            render(exporter, out);
        }
        return out.toString();
    }

    private void render(OtlpExporter exporter, StringBuilder out) {
        String namespace = exporter.getMetadata().getNamespace();
        String name = exporter.getMetadata().getName();
        out.append("OtlpExporter ").append(namespace).append('/').append(name).append('\n');
        OtlpExporterStatus status = exporter.getStatus();
        if (status == null) {
            out.append("  (no status yet)\n");
        } else {
            String pods = status.getInjectedPods() != null
                    ? "sidecar injected into " + status.getInjectedPods() + " pods"
                    : orZero(status.getReadyReplicas()) + "/" + orZero(status.getReplicas()) + " replicas ready";
            out.append("  profile ").append(status.getProfile() == null ? "-" : status.getProfile().key())
                    .append(", ").append(pods).append(", endpoint ").append(status.getEndpoint())
                    .append(", config ").append(status.getConfigHash()).append('\n');
            List<Condition> conditions = status.getConditions() == null ? List.of() : status.getConditions();
            for (Condition condition : conditions) {
                out.append(String.format("  %-12s %-6s %-26s %s%n", condition.getType(), condition.getStatus(),
                        condition.getReason(), condition.getMessage()));
            }
        }
        out.append("  objects: ").append(generatedObjects(exporter)).append("\n\n");
    }

    private String generatedObjects(OtlpExporter exporter) {
        String uid = exporter.getMetadata().getUid();
        return GENERATED_KINDS.stream()
                .flatMap(kind -> client.resources(kind).inNamespace(exporter.getMetadata().getNamespace())
                        .withLabel(Labels.INSTANCE, exporter.getMetadata().getName()).list().getItems().stream())
                .filter(object -> object.getMetadata().getOwnerReferences().stream()
                        .anyMatch(owner -> uid.equals(owner.getUid())))
                .map(object -> object.getKind() + "/" + object.getMetadata().getName())
                .collect(Collectors.joining(", "));
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
