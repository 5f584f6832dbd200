package dev.otlp.cluster.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlp.cluster.EmbeddedApiServer;
import dev.otlp.cluster.testing.Kubectl;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The embedded API server calls admission webhooks as kube-apiserver does: over HTTPS trusting only
 * the caBundle, mutating before validating, a JSONPatch applied strictly, refusals worded as
 * kube-apiserver words them, failurePolicy and timeoutSeconds honoured, selectors evaluated.
 */
class AdmissionWebhooksTest {

    private static final String SERVICE_NAMESPACE = "hooks-system";
    private static final String SERVICE = "hooks";

    @TempDir
    Path tmp;

    private EmbeddedApiServer server;
    private KubernetesClient client;
    private TestWebhookServer webhook;

    @BeforeEach
    void start() throws Exception {
        server = EmbeddedApiServer.startWithAdmissionWebhooks(0);
        // fabric8 retries a 500 ten times: a refusal is asserted once, as kubectl sees it
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(server.url())
                .withRequestRetryBackoffLimit(0).withHttp2Disable(true).build()).build();
        webhook = new TestWebhookServer(SERVICE + "." + SERVICE_NAMESPACE + ".svc", "localhost");
        server.routeService(SERVICE_NAMESPACE, SERVICE, 443, webhook.address());
    }

    @AfterEach
    void stop() {
        client.close();
        webhook.close();
        server.close();
    }

    @Test
    void mutatesThenValidatesTheMutatedObjectAndStoresIt() {
        webhook.answer("/mutate", request -> TestWebhookServer.allowWithPatch(
                "[{\"op\":\"add\",\"path\":\"/metadata/labels/admitted\",\"value\":\"yes\"}]"));
        webhook.answer("/validate", request -> TestWebhookServer.allow());
        mutating("mutate.test", service("/mutate"), "Fail");
        validating("validate.test", service("/validate"), "Fail", null);

        client.configMaps().inNamespace("a").resource(configMap("c", Map.of("app", "x"))).create();

        assertThat(client.configMaps().inNamespace("a").withName("c").get().getMetadata().getLabels())
                .containsEntry("admitted", "yes");
        assertThat(webhook.received()).hasSize(2);
        JsonNode validated = webhook.received().get(1).get("request");
        assertThat(validated.at("/object/metadata/labels/admitted").asText()).isEqualTo("yes");
        assertThat(validated.get("operation").asText()).isEqualTo("CREATE");
        assertThat(validated.at("/resource/resource").asText()).isEqualTo("configmaps");
        assertThat(validated.at("/kind/kind").asText()).isEqualTo("ConfigMap");
        assertThat(validated.get("namespace").asText()).isEqualTo("a");
        assertThat(validated.get("name").asText()).isEqualTo("c");
    }

    @Test
    void refusesWithTheWebhooksCodeAndMessageWordedAsKubeApiserverWordsIt() {
        webhook.answer("/validate", request -> TestWebhookServer.deny(403, "spec.x: must be y"));
        validating("validate.test", service("/validate"), "Ignore", null);

        assertThatThrownBy(() -> client.configMaps().inNamespace("a").resource(configMap("c", Map.of())).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getMessage())
                            .isEqualTo("admission webhook \"validate.test\" denied the request: spec.x: must be y");
                });
        assertThat(client.configMaps().inNamespace("a").withName("c").get()).isNull();
    }

    @Test
    void updatesAndMergePatchesAreAdmittedAsTheObjectTheyMake() {
        webhook.answer("/validate", request -> request.at("/object/data/k").asText().equals("bad")
                ? TestWebhookServer.deny(0, "k may not be bad") : TestWebhookServer.allow());
        validating("validate.test", service("/validate"), "Fail", null);
        client.configMaps().inNamespace("a").resource(configMap("c", Map.of())).create();

        assertThatThrownBy(() -> client.configMaps().inNamespace("a").withName("c")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"k\":\"bad\"}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).as("a refusal is never below 400").isEqualTo(400);
                    assertThat(e.getStatus().getMessage()).endsWith("denied the request: k may not be bad");
                });
        client.configMaps().inNamespace("a").withName("c").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"data\":{\"k\":\"good\"}}");

        assertThat(client.configMaps().inNamespace("a").withName("c").get().getData()).containsEntry("k", "good");
        JsonNode update = webhook.received().get(webhook.received().size() - 1).get("request");
        assertThat(update.get("operation").asText()).isEqualTo("UPDATE");
        assertThat(update.at("/oldObject/data").isMissingNode() || update.at("/oldObject/data/k").isMissingNode()).isTrue();
    }

    @Test
    void aPatchThatDoesNotApplyRefusesTheWriteWhateverTheFailurePolicy() {
        webhook.answer("/mutate", request -> TestWebhookServer.allowWithPatch(
                "[{\"op\":\"add\",\"path\":\"/metadata/annotations/x\",\"value\":\"y\"}]"));
        mutating("mutate.test", service("/mutate"), "Ignore");

        assertThatThrownBy(() -> client.configMaps().inNamespace("a").resource(configMap("c", Map.of())).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(500);
                    assertThat(e.getStatus().getMessage()).contains("mutate.test", "does not apply");
                });
    }

    @Test
    void aWebhookThatCannotBeCalledIsSkippedUnderIgnoreAndRefusesUnderFail() {
        validating("unrouted.test", new WebhookClientConfigBuilder().withNewService().withNamespace("elsewhere")
                .withName("nothing").withPath("/validate").endService().withCaBundle(webhook.caBundle()).build(),
                "Ignore", null);
        client.configMaps().inNamespace("a").resource(configMap("ignored", Map.of())).create();
        assertThat(client.configMaps().inNamespace("a").withName("ignored").get()).isNotNull();

        validating("unrouted-fail.test", new WebhookClientConfigBuilder().withNewService().withNamespace("elsewhere")
                .withName("nothing").withPath("/validate").endService().withCaBundle(webhook.caBundle()).build(),
                "Fail", null);
        assertThatThrownBy(() -> client.configMaps().inNamespace("a").resource(configMap("refused", Map.of())).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(500);
                    assertThat(e.getStatus().getMessage())
                            .startsWith("Internal error occurred: failed calling webhook \"unrouted-fail.test\"");
                });
    }

    @Test
    void trustsOnlyTheCaBundle() throws Exception {
        webhook.answer("/validate", request -> TestWebhookServer.allow());
        try (TestWebhookServer stranger = new TestWebhookServer("other")) {
            validating("validate.test", new WebhookClientConfigBuilder().withNewService().withNamespace(SERVICE_NAMESPACE)
                    .withName(SERVICE).withPath("/validate").endService().withCaBundle(stranger.caBundle()).build(),
                    "Fail", null);
        }

        assertThatThrownBy(() -> client.configMaps().inNamespace("a").resource(configMap("c", Map.of())).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(500));
        assertThat(webhook.received()).isEmpty();
    }

    @Test
    void aCertificateForAnotherServiceIsRefused() throws Exception {
        try (TestWebhookServer impostor = new TestWebhookServer("impostor." + SERVICE_NAMESPACE + ".svc")) {
            impostor.answer("/validate", request -> TestWebhookServer.allow());
            server.routeService(SERVICE_NAMESPACE, SERVICE, 443, impostor.address());
            validating("validate.test", new WebhookClientConfigBuilder().withNewService().withNamespace(SERVICE_NAMESPACE)
                    .withName(SERVICE).withPath("/validate").endService().withCaBundle(impostor.caBundle()).build(),
                    "Fail", null);

            assertThatThrownBy(() -> client.configMaps().inNamespace("a").resource(configMap("c", Map.of())).create())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(500));
        }
    }

    @Test
    void callsAUrlAndGivesUpAfterTheTimeout() {
        webhook.answer("/slow", request -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TestWebhookServer.allow();
        });
        client.resource(new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName("slow").endMetadata()
                .addToWebhooks(new ValidatingWebhookBuilder().withName("slow.test")
                        .withClientConfig(new WebhookClientConfigBuilder()
                                .withUrl("https://localhost:" + webhook.port() + "/slow")
                                .withCaBundle(webhook.caBundle()).build())
                        .withRules(configMapRule()).withFailurePolicy("Fail").withTimeoutSeconds(1)
                        .withSideEffects("None").withAdmissionReviewVersions("v1").build())
                .build()).create();

        assertThatThrownBy(() -> client.configMaps().inNamespace("a").resource(configMap("c", Map.of())).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(500);
                    assertThat(e.getStatus().getMessage())
                            .contains("https://localhost:" + webhook.port() + "/slow?timeout=1s", "timed out");
                });
        assertThat(webhook.received()).hasSize(1);
    }

    @Test
    void namespaceAndObjectSelectorsChooseWhatIsSent() {
        webhook.answer("/validate", request -> TestWebhookServer.deny(403, "no"));
        validating("validate.test", service("/validate"), "Fail", new ValidatingWebhookBuilder()
                .withNamespaceSelector(new LabelSelectorBuilder().addNewMatchExpression()
                        .withKey("kubernetes.io/metadata.name").withOperator("NotIn").withValues("kube-system").endMatchExpression()
                        .build())
                .withObjectSelector(new LabelSelectorBuilder().addToMatchLabels("checked", "true").build()));
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team").addToLabels("tier", "1")
                .endMetadata().build()).create();

        client.configMaps().inNamespace("kube-system").resource(configMap("system", Map.of("checked", "true"))).create();
        client.configMaps().inNamespace("team").resource(configMap("unchecked", Map.of())).create();
        assertThatThrownBy(() -> client.configMaps().inNamespace("team").resource(configMap("c", Map.of("checked", "true")))
                .create()).isInstanceOf(KubernetesClientException.class);

        assertThat(webhook.received()).hasSize(1);
    }

    @Test
    void refusesRatherThanIgnoreWhatItDoesNotImplement() {
        webhook.answer("/validate", request -> TestWebhookServer.allow());
        validating("validate.test", service("/validate"), "Ignore", new ValidatingWebhookBuilder()
                .addNewMatchCondition().withName("only-some").withExpression("true").endMatchCondition());

        assertThatThrownBy(() -> client.configMaps().inNamespace("a").resource(configMap("c", Map.of())).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(500);
                    assertThat(e.getStatus().getMessage()).contains("does not implement matchConditions");
                });
    }

    @Test
    void aServerStartedWithoutAdmissionCallsNoWebhook() {
        webhook.answer("/validate", request -> TestWebhookServer.deny(403, "no"));
        try (EmbeddedApiServer plain = EmbeddedApiServer.start(0)) {
            plain.client().resource(new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName("v").endMetadata()
                    .addToWebhooks(new ValidatingWebhookBuilder().withName("validate.test").withClientConfig(service("/validate"))
                            .withRules(configMapRule()).withSideEffects("None").withAdmissionReviewVersions("v1").build())
                    .build()).create();

            plain.client().configMaps().inNamespace("a").resource(configMap("c", Map.of())).create();
        }
        assertThat(webhook.received()).isEmpty();
    }

    @Test
    void kubectlPrintsTheRefusalAndTheWarnings() throws Exception {
        assumeTrue(Kubectl.isOnPath(), "kubectl is not on PATH");
        webhook.answer("/validate", request -> {
            var response = (com.fasterxml.jackson.databind.node.ObjectNode) TestWebhookServer.deny(422, "data.k: must be set");
            response.putArray("warnings").add("k is deprecated");
            return response;
        });
        validating("validate.test", service("/validate"), "Fail", null);
        Path file = Files.writeString(tmp.resolve("c.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c, namespace: a}
                """);
        Kubectl kubectl = new Kubectl(server.writeKubeconfig(tmp.resolve("kubeconfig")), tmp.resolve("cache"));

        Kubectl.Result applied = kubectl.run("apply", "--validate=false", "-f", file.toString());

        assertThat(applied.exitCode()).isNotZero();
        assertThat(applied.output()).contains("Warning: k is deprecated",
                "admission webhook \"validate.test\" denied the request: data.k: must be set");
    }

    private WebhookClientConfig service(String path) {
        return new WebhookClientConfigBuilder().withNewService().withNamespace(SERVICE_NAMESPACE).withName(SERVICE)
                .withPath(path).withPort(443).endService().withCaBundle(webhook.caBundle()).build();
    }

    private void mutating(String name, WebhookClientConfig clientConfig, String failurePolicy) {
        client.resource(new MutatingWebhookConfigurationBuilder().withNewMetadata().withName(name).endMetadata()
                .addToWebhooks(new MutatingWebhookBuilder().withName(name).withClientConfig(clientConfig)
                        .withRules(configMapRule()).withFailurePolicy(failurePolicy).withSideEffects("None")
                        .withReinvocationPolicy("Never").withAdmissionReviewVersions("v1").build())
                .build()).create();
    }

    private void validating(String name, WebhookClientConfig clientConfig, String failurePolicy, ValidatingWebhookBuilder base) {
        ValidatingWebhookBuilder webhookBuilder = base == null ? new ValidatingWebhookBuilder() : base;
        client.resource(new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName(name).endMetadata()
                .addToWebhooks(webhookBuilder.withName(name).withClientConfig(clientConfig)
                        .withRules(configMapRule()).withFailurePolicy(failurePolicy).withSideEffects("None")
                        .withAdmissionReviewVersions("v1").build())
                .build()).create();
    }

    private static io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations configMapRule() {
        return new RuleWithOperationsBuilder().withApiGroups("").withApiVersions("v1").withResources("configmaps")
                .withOperations("CREATE", "UPDATE").build();
    }

    private static ConfigMap configMap(String name, Map<String, String> labels) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(labels.isEmpty() ? null : labels)
                .endMetadata().build();
    }
}
