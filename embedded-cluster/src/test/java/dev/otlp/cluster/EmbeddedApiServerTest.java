package dev.otlp.cluster;

import dev.otlp.cluster.testing.Kubectl;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EmbeddedApiServerTest {

    /** The OtlpExporter CRD as committed: any real CRD will do, and this module does not depend on the operator. */
    private static final Path OTLP_EXPORTER_CRD = Path.of("..", "crds", "otlpexporters.otlp.dev-v1.yml");
    private static final ResourceDefinitionContext OTLP_EXPORTERS = new ResourceDefinitionContext.Builder()
            .withGroup("otlp.dev").withVersion("v1alpha1").withPlural("otlpexporters").withKind("OtlpExporter")
            .withNamespaced(true).build();

    @TempDir
    Path tmp;

    private EmbeddedApiServer server;
    private KubernetesClient client;

    @BeforeEach
    void startServer() {
        server = EmbeddedApiServer.start(0);
        client = server.client();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void kubectlGetsAppliesPatchesAndDeletesOtlpExporters() throws Exception {
        assumeTrue(Kubectl.isOnPath(), "kubectl is not on PATH");
        installOtlpExporterCrd();
        Path sample = tmp.resolve("gateway.yaml");
        try (InputStream in = getClass().getResourceAsStream("/embedded/otlpexporter-gateway.yaml")) {
            Files.copy(in, sample);
        }
        Kubectl kubectl = new Kubectl(server.writeKubeconfig(tmp.resolve("kubeconfig")), tmp.resolve("kube-cache"));

        assertSucceeds(kubectl.run("get", "otlpx", "-A"));
        assertThat(assertSucceeds(kubectl.run("apply", "--validate=false", "-f", sample.toString())).output())
                .contains("otlpexporter.otlp.dev/gateway created");
        assertThat(assertSucceeds(kubectl.run("get", "otlpx", "-A")).output()).contains("observability", "gateway");
        assertThat(assertSucceeds(kubectl.run("-n", "observability", "get", "otlpx", "gateway", "-o", "yaml")).output())
                .contains("kind: OtlpExporter", "name: gateway", "profile: balanced");

        assertSucceeds(kubectl.run("-n", "observability", "patch", "otlpx", "gateway", "--type", "merge",
                "-p", "{\"spec\":{\"profile\":\"high-throughput\"}}"));
        assertThat(exporter("observability", "gateway").getAdditionalProperties().get("spec"))
                .isEqualTo(Map.of("profile", "high-throughput"));

        assertSucceeds(kubectl.run("-n", "observability", "delete", "otlpx", "gateway"));
        assertThat(client.genericKubernetesResources(OTLP_EXPORTERS).inNamespace("observability").withName("gateway").get())
                .isNull();
    }

    @Test
    void kubectlReadsBuiltInKindsThroughDiscovery() throws Exception {
        assumeTrue(Kubectl.isOnPath(), "kubectl is not on PATH");
        client.apps().deployments().inNamespace("default").resource(deployment("web")).create();
        Kubectl kubectl = new Kubectl(server.writeKubeconfig(tmp.resolve("kubeconfig")), tmp.resolve("kube-cache"));

        assertThat(assertSucceeds(kubectl.run("get", "deploy")).output()).contains("web");
        assertThat(assertSucceeds(kubectl.run("api-resources", "--api-group=apps")).output()).contains("deployments");
    }

    @Test
    void kubectlCreateOfABuiltInKindFailsAtOnceBecauseItSendsProtobuf() throws Exception {
        assumeTrue(Kubectl.isOnPath(), "kubectl is not on PATH");
        Kubectl kubectl = new Kubectl(server.writeKubeconfig(tmp.resolve("kubeconfig")), tmp.resolve("kube-cache"));

        Kubectl.Result created = kubectl.run("create", "configmap", "c", "--from-literal=a=b");

        assertThat(created.exitCode()).isNotZero();
        assertThat(created.output()).contains("JSON only");
    }

    @Test
    void kubectlCreatesFromAFileBuiltInAndCustomObjects() throws Exception {
        assumeTrue(Kubectl.isOnPath(), "kubectl is not on PATH");
        installOtlpExporterCrd();
        Path file = tmp.resolve("objects.yaml");
        try (InputStream in = getClass().getResourceAsStream("/embedded/otlpexporter-gateway.yaml")) {
            Files.writeString(file, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) + """
                    ---
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: settings, namespace: observability}
                    data: {level: info}
                    ---
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web, namespace: observability}
                    spec:
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec: {containers: [{name: web, image: busybox}]}
                    """);
        }
        Kubectl kubectl = new Kubectl(server.writeKubeconfig(tmp.resolve("kubeconfig")), tmp.resolve("kube-cache"));

        assertThat(assertSucceeds(kubectl.run("create", "--validate=false", "-f", file.toString())).output())
                .contains("otlpexporter.otlp.dev/gateway created", "configmap/settings created", "deployment.apps/web created");
        assertThat(client.configMaps().inNamespace("observability").withName("settings").get().getData())
                .containsEntry("level", "info");
        assertThat(exporter("observability", "gateway")).isNotNull();

        Kubectl.Result again = kubectl.run("create", "--validate=false", "-f", file.toString());
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.output()).contains(
                "Error from server (AlreadyExists): error when creating \"" + file + "\": otlpexporters.otlp.dev \"gateway\" already exists",
                "Error from server (AlreadyExists): error when creating \"" + file + "\": configmaps \"settings\" already exists",
                "Error from server (AlreadyExists): error when creating \"" + file + "\": deployments.apps \"web\" already exists");
    }

    @Test
    void aGroupIsDiscoverableOnlyOnceItsCrdIsInstalled() {
        assertThat(client.hasApiGroup("otlp.dev", false)).isFalse();

        installOtlpExporterCrd();

        assertThat(client.hasApiGroup("otlp.dev", false)).isTrue();
        assertThat(client.getApiResources("otlp.dev/v1alpha1").getResources())
                .anySatisfy(resource -> {
                    assertThat(resource.getName()).isEqualTo("otlpexporters");
                    assertThat(resource.getShortNames()).containsExactly("otlpx");
                });
    }

    @Test
    void onlyDiscoveryTellsWhetherACrdIsInstalledBecauseObjectsOfAnyKindAreStored() {
        ResourceDefinitionContext serviceMonitors = new ResourceDefinitionContext.Builder()
                .withGroup("monitoring.coreos.com").withVersion("v1").withPlural("servicemonitors")
                .withKind("ServiceMonitor").withNamespaced(true).build();
        GenericKubernetesResource serviceMonitor = new GenericKubernetesResource();
        serviceMonitor.setApiVersion("monitoring.coreos.com/v1");
        serviceMonitor.setKind("ServiceMonitor");
        serviceMonitor.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("m").build());

        client.genericKubernetesResources(serviceMonitors).inNamespace("default").resource(serviceMonitor).create();

        assertThat(client.genericKubernetesResources(serviceMonitors).inNamespace("default").list().getItems()).hasSize(1);
        assertThat(client.hasApiGroup("monitoring.coreos.com", false)).isFalse();
        server.installMonitoringCrds();
        assertThat(client.hasApiGroup("monitoring.coreos.com", false)).isTrue();
    }

    @Test
    void specChangesBumpTheGenerationAndMetadataOrStatusChangesDoNot() {
        installOtlpExporterCrd();
        var exporters = client.genericKubernetesResources(OTLP_EXPORTERS).inNamespace("observability");
        exporters.resource(exporterResource("gateway", "balanced")).create();
        assertThat(generationOf("gateway")).isEqualTo(1);

        exporters.withName("gateway").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"team\":\"a\"}}}");
        assertThat(generationOf("gateway")).isEqualTo(1);

        exporters.withName("gateway").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"profile\":\"low-latency\"}}");
        assertThat(generationOf("gateway")).isEqualTo(2);

        exporters.withName("gateway").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"observedGeneration\":2}}");
        assertThat(generationOf("gateway")).isEqualTo(2);
        assertThat(exporter("observability", "gateway").getAdditionalProperties().get("status"))
                .isEqualTo(Map.of("observedGeneration", 2));
    }

    @Test
    void writesToACustomResourceKeepItsStatusOnceTheCrdIsInstalled() {
        installOtlpExporterCrd();
        var exporters = client.genericKubernetesResources(OTLP_EXPORTERS).inNamespace("observability");
        exporters.resource(exporterResource("gateway", "balanced")).create();
        exporters.withName("gateway").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"observedGeneration\":1}}");

        GenericKubernetesResource edited = exporter("observability", "gateway");
        edited.setAdditionalProperty("spec", Map.of("profile", "low-latency"));
        edited.setAdditionalProperty("status", Map.of("observedGeneration", 99));
        exporters.resource(edited).update();

        assertThat(exporter("observability", "gateway").getAdditionalProperties().get("status"))
                .isEqualTo(Map.of("observedGeneration", 1));
    }

    @Test
    void updatingADeploymentKeepsTheStatusTheKubeletWrote() {
        var deployments = client.apps().deployments().inNamespace("default");
        deployments.resource(deployment("web")).create();
        deployments.withName("web").editStatus(d -> {
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReadyReplicas(2).build());
            return d;
        });

        Deployment edited = deployments.withName("web").get();
        edited.getSpec().setReplicas(3);
        edited.setStatus(null);
        deployments.resource(edited).update();

        Deployment stored = deployments.withName("web").get();
        assertThat(stored.getSpec().getReplicas()).isEqualTo(3);
        assertThat(stored.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(stored.getMetadata().getGeneration()).isEqualTo(2);
    }

    @Test
    void refusesServerSideApplyAndStaleWrites() {
        var configMaps = client.configMaps().inNamespace("default");
        var configMap = new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("c").endMetadata().addToData("k", "v").build();

        assertThatThrownBy(() -> configMaps.resource(configMap).serverSideApply())
                .isInstanceOf(KubernetesClientException.class);

        var created = configMaps.resource(configMap).create();
        configMaps.withName("c").edit(c -> {
            c.getData().put("k", "v2");
            return c;
        });
        created.getData().put("k", "stale");
        assertThatThrownBy(() -> configMaps.resource(created).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }

    @Test
    void aJsonPatchThatDoesNotApplyIsRefusedAtOnce() {
        var configMaps = client.configMaps().inNamespace("default");
        configMaps.resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("p").endMetadata().addToData("k", "v").build()).create();

        assertThatThrownBy(() -> configMaps.withName("p").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/data/missing\",\"value\":\"x\"}]"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        assertThat(configMaps.withName("p").get().getData()).containsEntry("k", "v");
    }

    @Test
    void listensOnTheFixedPortItIsGiven() throws IOException {
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        try (EmbeddedApiServer fixed = EmbeddedApiServer.start(free)) {
            assertThat(fixed.port()).isEqualTo(free);
            assertThat(fixed.url()).isEqualTo("http://127.0.0.1:" + free);
            assertThat(fixed.client().getKubernetesVersion().getMajor()).isEqualTo("1");
        }
    }

    private void installOtlpExporterCrd() {
        server.installCrd(OTLP_EXPORTER_CRD);
    }

    private GenericKubernetesResource exporter(String namespace, String name) {
        return client.genericKubernetesResources(OTLP_EXPORTERS).inNamespace(namespace).withName(name).get();
    }

    private long generationOf(String name) {
        return exporter("observability", name).getMetadata().getGeneration();
    }

    private static GenericKubernetesResource exporterResource(String name, String profile) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion("otlp.dev/v1alpha1");
        resource.setKind("OtlpExporter");
        resource.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(name).withNamespace("observability").build());
        resource.setAdditionalProperty("spec", Map.of("profile", profile));
        return resource;
    }

    private static Deployment deployment(String name) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(2)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    private static Kubectl.Result assertSucceeds(Kubectl.Result result) {
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result;
    }
}
