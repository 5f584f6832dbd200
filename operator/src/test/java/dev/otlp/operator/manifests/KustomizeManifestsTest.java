package dev.otlp.operator.manifests;

import dev.otlp.operator.app.OperatorOptions;
import dev.otlp.operator.webhook.AdmissionWebhook;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** {@code kubectl apply -k config/default} installs the committed CRD, the RBAC and the operator in one namespace. */
class KustomizeManifestsTest {

    private static final KubernetesSerialization KUBERNETES_YAML = new KubernetesSerialization();

    @Test
    void defaultOverlayRendersTheCrdRbacAndOperatorInOneNamespace() throws Exception {
        List<HasMetadata> objects = kustomize(Path.of("../config/default"));

        assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("Namespace", "ServiceAccount",
                "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Deployment", "CustomResourceDefinition",
                "Service", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");
        assertThat(objects).filteredOn(o -> !o.getKind().startsWith("Cluster") && !o.getKind().equals("Namespace")
                        && !o.getKind().equals("CustomResourceDefinition") && !o.getKind().endsWith("WebhookConfiguration"))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("otlp-fleet-system"));
        CustomResourceDefinition crd = objects.stream().filter(CustomResourceDefinition.class::isInstance)
                .map(CustomResourceDefinition.class::cast).findFirst().orElseThrow();
        assertThat(crd.getMetadata().getName()).isEqualTo("otlpexporters.otlp.dev");
        Deployment operator = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow();
        assertThat(operator.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("otlp-fleet-operator");
        ValidatingWebhookConfiguration webhook = objects.stream().filter(ValidatingWebhookConfiguration.class::isInstance)
                .map(ValidatingWebhookConfiguration.class::cast).findFirst().orElseThrow();
        assertThat(webhook.getMetadata().getName()).isEqualTo(OperatorOptions.DEFAULT_WEBHOOK_CONFIGURATION);
        assertThat(webhook.getWebhooks().get(0).getFailurePolicy()).isEqualTo("Ignore");
        assertThat(webhook.getWebhooks().get(0).getClientConfig().getService()).satisfies(service -> {
            assertThat(service.getName()).isEqualTo(OperatorOptions.DEFAULT_WEBHOOK_SERVICE);
            assertThat(service.getNamespace()).isEqualTo("otlp-fleet-system");
            assertThat(service.getPath()).isEqualTo(AdmissionWebhook.PATH);
        });
        MutatingWebhookConfiguration injection = objects.stream().filter(MutatingWebhookConfiguration.class::isInstance)
                .map(MutatingWebhookConfiguration.class::cast).findFirst().orElseThrow();
        assertThat(injection.getMetadata().getName()).as("the operator keeps both caBundles under one name")
                .isEqualTo(OperatorOptions.DEFAULT_WEBHOOK_CONFIGURATION);
        assertThat(injection.getWebhooks().get(0).getFailurePolicy()).isEqualTo("Ignore");
        assertThat(injection.getWebhooks().get(0).getClientConfig().getService().getPath()).isEqualTo(AdmissionWebhook.INJECT_PATH);
        assertThat(injection.getWebhooks().get(0).getNamespaceSelector().getMatchExpressions().get(0).getValues())
                .contains("kube-system", "otlp-fleet-system");
        ClusterRole role = objects.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                .findFirst().orElseThrow();
        assertThat(role.getRules()).filteredOn(rule -> rule.getApiGroups().contains("admissionregistration.k8s.io"))
                .as("the operator may touch its own webhook configurations only").isNotEmpty()
                .allSatisfy(rule -> assertThat(rule.getResourceNames()).containsExactly(webhook.getMetadata().getName()));
        assertThat(objects).filteredOn(o -> o.getKind().equals("Service"))
                .extracting(o -> o.getMetadata().getName()).containsExactly(OperatorOptions.DEFAULT_WEBHOOK_SERVICE);
    }

    private static List<HasMetadata> kustomize(Path directory) throws IOException, InterruptedException {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", directory.toString()).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            assumeThat(false).as("kubectl is not installed: " + notInstalled.getMessage()).isTrue();
            throw notInstalled;
        }
        byte[] output = kubectl.getInputStream().readAllBytes();
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String yaml = new String(output, StandardCharsets.UTF_8);
        assertThat(kubectl.exitValue()).as(yaml).isZero();
        Path file = Files.createTempFile("kustomized", ".yaml");
        Files.writeString(file, yaml);
        try (var in = Files.newInputStream(file)) {
            Object parsed = KUBERNETES_YAML.unmarshal(in);
            return parsed instanceof List<?> list ? list.stream().map(HasMetadata.class::cast).toList()
                    : List.of((HasMetadata) parsed);
        } finally {
            Files.delete(file);
        }
    }
}
