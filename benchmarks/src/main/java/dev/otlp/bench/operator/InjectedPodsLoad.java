package dev.otlp.bench.operator;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.render.Deployments;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Application pods the webhook injected the runtime into, as the API server holds them: one
 * mode-sidecar exporter {@value #AGENT} per namespace, and the pods spread over the namespaces with
 * the label and config-hash annotation the injection puts on them. The operator watches them and
 * counts them in each agent's status.
 */
final class InjectedPodsLoad {

    static final String AGENT = "agent";

    private InjectedPodsLoad() {
    }

    static OtlpExporter agent(String namespace) {
        return Serialization.unmarshal("""
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  mode: sidecar
                  upstream:
                    endpoint: http://otel-collector.observability.svc:4317
                """.formatted(AGENT, namespace), OtlpExporter.class);
    }

    /** Creates {@code pods} pods round-robin over the namespaces, each with its namespace's agent's current config hash. */
    static void createPods(KubernetesClient client, int pods, int namespaces, int threads) throws Exception {
        List<String> configHashes = new ArrayList<>();
        for (int i = 0; i < namespaces; i++) {
            OtlpExporter agent = client.resources(OtlpExporter.class).inNamespace(FleetManifests.namespace(i))
                    .withName(AGENT).get();
            configHashes.add(agent.getStatus() == null ? "" : Objects.toString(agent.getStatus().getConfigHash(), ""));
        }
        ExecutorService creators = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < pods; i++) {
                Pod pod = pod(i, FleetManifests.namespace(i % namespaces), configHashes.get(i % namespaces));
                creates.add(creators.submit(() -> FleetManifests.create(client, pod)));
            }
            for (Future<?> create : creates) {
                create.get();
            }
        } finally {
            creators.shutdownNow();
        }
    }

    /** The pods the agents' statuses count, all namespaces together. */
    static int counted(KubernetesClient client, int namespaces) {
        int counted = 0;
        for (int i = 0; i < namespaces; i++) {
            OtlpExporter agent = client.resources(OtlpExporter.class).inNamespace(FleetManifests.namespace(i))
                    .withName(AGENT).get();
            if (agent != null && agent.getStatus() != null && agent.getStatus().getInjectedPods() != null) {
                counted += agent.getStatus().getInjectedPods();
            }
        }
        return counted;
    }

    private static Pod pod(int index, String namespace, String configHash) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("shop-" + index).withNamespace(namespace)
                .addToLabels("app", "shop").addToLabels(Labels.SIDECAR_OF, AGENT)
                .addToAnnotations(Deployments.CONFIG_HASH_ANNOTATION, configHash)
                .endMetadata()
                .withNewSpec()
                .addNewContainer().withName("app").withImage("registry.example/shop:1.4.2").endContainer()
                .addNewContainer().withName("otlp-exporter").withImage("registry.example/otlp-exporter-runtime:1.0.0")
                .addToArgs("--config", "/etc/otlp/config.toml").endContainer()
                .endSpec()
                .build();
    }
}
