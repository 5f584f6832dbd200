package dev.otlp.operator.monitoring;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.dependent.PodMonitorDependent;
import dev.otlp.operator.model.ExporterConfig;
import dev.otlp.operator.model.ExporterPorts;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.render.Sidecars;
import dev.otlp.operator.testing.Exporters;
import dev.otlp.operator.testing.GoldenFiles;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PodMonitorsTest {

    private static final PodMonitors.RuntimeEndpoint INJECTED_RUNTIME = PodMonitorDependent.INJECTED_RUNTIME;
    private static final GoldenFiles GOLDEN = new GoldenFiles("monitoring", "PodMonitorsTest");
    private static final Map<String, String> LABELS = Labels.common("sidecar");
    private static final OtlpExporter SIDECAR = Exporters.fromYaml("""
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata: {name: sidecar, namespace: shop}
            spec:
              mode: sidecar
              upstream: {endpoint: "http://collector.observability.svc:4317"}
            """);

    @Test
    void matchesGoldenFile() {
        GOLDEN.assertMatches("podmonitor.yaml",
                Serialization.asYaml(PodMonitors.forExporter("sidecar", "shop", INJECTED_RUNTIME, "30s", LABELS)));
    }

    @Test
    void isNamedAfterTheExporterAndSelectsThePodsItWasInjectedInto() {
        GenericKubernetesResource monitor = PodMonitors.forExporter("sidecar", "shop", INJECTED_RUNTIME, null, LABELS);

        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getKind()).isEqualTo("PodMonitor");
        assertThat(monitor.getMetadata().getName()).isEqualTo("sidecar");
        assertThat(monitor.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(monitor.getMetadata().getLabels()).isEqualTo(LABELS);
        assertThat(spec(monitor).get("selector")).isEqualTo(Map.of("matchLabels", Map.of("otlp.dev/sidecar-of", "sidecar")));
    }

    @Test
    void scrapesOnlyTheRuntimesMetricsPortAndNamesTheExporterAndTheApplicationsPod() {
        Pod pod = injected("shop-7d9f8c6b5-abcde", "sidecar", false);

        List<Map<String, String>> targets = PrometheusScrape.podMonitorTargets(
                PodMonitors.forExporter("sidecar", "shop", INJECTED_RUNTIME, "30s", LABELS), List.of(pod));

        assertThat(targets).as("the application's own port named metrics is not the exporter's").singleElement()
                .isEqualTo(Map.of("namespace", "shop", "pod", "shop-7d9f8c6b5-abcde", "container", "otlp-exporter",
                        "endpoint", "otlp-metrics", "job", "shop/sidecar", "otlp_exporter", "sidecar",
                        "instance", "10.2.0.7:" + ExporterPorts.SIDECAR_METRICS));
    }

    @Test
    void scrapesTheRuntimeAsANativeSidecarInitContainerToo() {
        Pod pod = injected("shop-7d9f8c6b5-abcde", "sidecar", true);

        assertThat(PrometheusScrape.podMonitorTargets(
                PodMonitors.forExporter("sidecar", "shop", INJECTED_RUNTIME, null, LABELS), List.of(pod)))
                .singleElement().satisfies(target -> assertThat(target).containsEntry("otlp_exporter", "sidecar")
                        .containsEntry("container", "otlp-exporter"));
    }

    @Test
    void leavesOutPodsOfAnotherExporterAndFinishedPods() {
        Pod other = injected("billing-5c4b7d-xyz12", "billing", false);
        Pod finished = injected("report-28931-abcde", "sidecar", false);
        finished.getStatus().setPhase("Succeeded");

        assertThat(PrometheusScrape.podMonitorTargets(
                PodMonitors.forExporter("sidecar", "shop", INJECTED_RUNTIME, null, LABELS), List.of(other, finished))).isEmpty();
    }

    @Test
    void scrapesThePortTheInjectedRuntimeServesItsMetricsOn() {
        Container runtime = Sidecars.of(ResolvedExporter.of(SIDECAR, ExporterConfig.of(SIDECAR), "runtime:test"), Sidecars.Kind.NATIVE)
                .container();

        assertThat(runtime.getPorts()).filteredOn(port -> port.getContainerPort() == ExporterPorts.SIDECAR_METRICS)
                .singleElement().satisfies(port -> assertThat(port.getName()).isEqualTo(onlyEndpoint().get("port")));
    }

    /** An application pod with its own port named metrics, injected with the exporter's runtime. */
    private static Pod injected(String name, String exporter, boolean asInitContainer) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("shop").addToLabels("app", "shop")
                .addToLabels(Labels.SIDECAR_OF, exporter).endMetadata()
                .withNewSpec().addNewContainer().withName("shop").withImage("shop:1.4")
                .addNewPort().withName("metrics").withContainerPort(9090).endPort().endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.2.0.7").endStatus()
                .build();
        Container runtime = Sidecars.of(ResolvedExporter.of(SIDECAR, ExporterConfig.of(SIDECAR), "runtime:test"),
                asInitContainer ? Sidecars.Kind.NATIVE : Sidecars.Kind.CONTAINER).container();
        if (asInitContainer) {
            pod.getSpec().getInitContainers().add(runtime);
        } else {
            pod.getSpec().getContainers().add(runtime);
        }
        return pod;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlyEndpoint() {
        return ((List<Map<String, Object>>) spec(PodMonitors.forExporter("sidecar", "shop", INJECTED_RUNTIME, null, LABELS))
                .get("podMetricsEndpoints")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource monitor) {
        String yaml = Serialization.asYaml(monitor);
        return (Map<String, Object>) Serialization.unmarshal(yaml, GenericKubernetesResource.class)
                .getAdditionalProperties().get("spec");
    }
}
