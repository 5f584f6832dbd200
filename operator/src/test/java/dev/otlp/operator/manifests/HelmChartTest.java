package dev.otlp.operator.manifests;

import dev.otlp.operator.app.OperatorOptions;
import dev.otlp.operator.app.OperatorSettings;
import dev.otlp.operator.model.Scaling;
import dev.otlp.operator.model.ScalingSeries;
import dev.otlp.operator.webhook.AdmissionWebhook;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Helm chart, linted and rendered by Helm itself (helm-java), with default and non-default values. */
class HelmChartTest {

    private static final KubernetesSerialization KUBERNETES_YAML = new KubernetesSerialization();

    private static final Path CHART = Path.of("..", "helm", "otlp-fleet-operator");
    private static final Path COMMITTED_CRD = Path.of("..", "crds", "otlpexporters.otlp.dev-v1.yml");
    private static final Path CONFIG_CLUSTER_ROLE = Path.of("..", "config", "rbac", "cluster_role.yaml");
    private static final Path CONFIG_OPERATOR = Path.of("..", "config", "manager", "operator.yaml");
    private static final String NAMESPACE = "otlp-fleet-system";

    @TempDir
    Path tmp;

    @Test
    void lintsInStrictMode() {
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void rendersTheOperatorItsRbacAndTheCrdWithDefaultValues() throws IOException {
        List<HasMetadata> objects = render("");

        assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("CustomResourceDefinition",
                "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Deployment", "Service",
                "ConfigMap", "Service", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "Role", "RoleBinding");
        assertThat(objects).filteredOn(o -> !o.getKind().startsWith("Cluster") && !o.getKind().equals("CustomResourceDefinition")
                        && !o.getKind().endsWith("WebhookConfiguration"))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(NAMESPACE));
        Container operator = operatorContainer(objects);
        assertThat(operator.getImage()).as("the operator image, tagged with the chart's appVersion")
                .isEqualTo(configImage());
        assertThat(env(operator, "RUNTIME_IMAGE")).isEqualTo(OperatorSettings.DEFAULT_RUNTIME_IMAGE);
        assertThat(env(operator, "JAVA_TOOL_OPTIONS")).isEqualTo(configEnv("JAVA_TOOL_OPTIONS"));
        assertThat(OperatorOptions.parse(new String[0], Map.of("STALL_TIMEOUT", env(operator, "STALL_TIMEOUT")))
                .settings().stallTimeout()).as("the chart's stall timeout").isEqualTo(OperatorSettings.DEFAULT_STALL_TIMEOUT);
        assertThat(env(operator, "WATCH_NAMESPACES")).isEmpty();
        assertThat(operator.getArgs()).isEmpty();
    }

    @Test
    void theCrdIsTheCommittedOneAndOutlivesTheRelease() throws IOException {
        CustomResourceDefinition crd = only(render(""), CustomResourceDefinition.class);

        assertThat(Files.readString(CHART.resolve("files/otlpexporters.otlp.dev-v1.yml")))
                .as("the chart's copy of the CRD").isEqualTo(Files.readString(COMMITTED_CRD));
        assertThat(crd.getSpec()).as("the rendered CRD, bounds read as numbers")
                .isEqualTo(Serialization.unmarshal(Files.readString(COMMITTED_CRD), CustomResourceDefinition.class).getSpec());
        assertThat(crd.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");

        assertThat(render("crds:\n  keep: false\n")).filteredOn(CustomResourceDefinition.class::isInstance).singleElement()
                .satisfies(unkept -> assertThat(unkept.getMetadata().getAnnotations()).doesNotContainKey("helm.sh/resource-policy"));
        assertThat(render("crds:\n  install: false\n")).noneMatch(CustomResourceDefinition.class::isInstance);
    }

    @Test
    void shipsTheDashboardForGrafanasSidecar() throws IOException {
        ConfigMap dashboard = only(render(""), ConfigMap.class);

        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("otlp-fleet.json"));
        assertThat(json.path("uid").asText()).isEqualTo("otlp-fleet");
        assertThat(json.path("templating").path("list")).extracting(variable -> variable.path("name").asText())
                .contains("namespace", "exporter");
        assertThat(render("grafanaDashboard: {enabled: false}\n")).noneMatch(ConfigMap.class::isInstance);
    }

    @Test
    void shipsThePrometheusAdapterRulesForTheMetricsHpasReadOnlyWhenAsked() throws IOException {
        assertThat(render("")).noneMatch(object -> object.getMetadata().getName().endsWith("-prometheus-adapter-rules"));

        List<HasMetadata> objects = render("prometheusAdapterRules: {enabled: true, namespace: monitoring}\n"
                + "grafanaDashboard: {enabled: false}\n");

        ConfigMap rules = only(objects, ConfigMap.class);
        assertThat(rules.getMetadata().getName()).endsWith("-prometheus-adapter-rules");
        assertThat(rules.getMetadata().getNamespace()).isEqualTo("monitoring");
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(rules.getData().get("config.yaml"));
        assertThat(config.path("rules")).extracting(rule -> rule.path("name").path("as").asText())
                .containsExactly(ScalingSeries.customMetricName(Scaling.Metric.QUEUE_FILL),
                        ScalingSeries.customMetricName(Scaling.Metric.RECEIVED_ITEMS_RATE));
        assertThat(config.path("rules")).allSatisfy(rule -> assertThat(rule.path("resources").path("overrides")
                .fieldNames()).toIterable().containsExactlyInAnyOrder("namespace", "pod"));
        assertThat(config.path("rules").get(1).path("metricsQuery").asText())
                .contains("rate(", "[" + ScalingSeries.RATE_WINDOW + "]");
        assertThatThrownBy(() -> render("prometheusAdapterRules: {enabled: yes please}\n"))
                .hasMessageContaining("prometheusAdapterRules");
    }

    @Test
    void grantsExactlyTheRulesOfConfigWithoutWildcardsClusterWide() throws IOException {
        List<HasMetadata> objects = render("");

        Set<String> granted = grants(only(objects, ClusterRole.class).getRules(), webhookConfigurationName(objects));

        assertThat(granted).isEqualTo(configGrants());
        assertThat(granted).noneMatch(grant -> grant.contains("*"));
    }

    @Test
    void grantsTheWebhookConfigurationsItInstallsAndNoOther() throws IOException {
        for (String release : List.of("otlp-fleet", "payments")) {
            Path file = Files.writeString(Files.createTempFile(tmp, "values", ".yaml"), "{}\n");
            List<HasMetadata> objects = parse(new Helm(CHART).template().withName(release).withNamespace(NAMESPACE)
                    .withValuesFile(file).call());
            String validating = webhookConfigurationName(objects);
            String mutating = only(objects, MutatingWebhookConfiguration.class).getMetadata().getName();

            List<PolicyRule> admission = only(objects, ClusterRole.class).getRules().stream()
                    .filter(rule -> rule.getApiGroups().contains("admissionregistration.k8s.io")).toList();
            assertThat(mutating).as("the operator keeps both caBundles under one name").isEqualTo(validating);
            assertThat(admission).as(release).isNotEmpty()
                    .allSatisfy(rule -> assertThat(rule.getResourceNames()).containsExactly(validating));
            assertThat(env(operatorContainer(objects), "WEBHOOK_CONFIGURATION")).isEqualTo(validating);
        }
        assertThat(only(render("webhook: {enabled: false}\n"), ClusterRole.class).getRules())
                .as("no webhook, no grant on webhook configurations")
                .noneMatch(rule -> rule.getApiGroups().contains("admissionregistration.k8s.io"));
    }

    @Test
    void grantsTheSameRulesAsRolesInEachWatchedNamespace() throws IOException {
        List<HasMetadata> objects = render("watchNamespaces: [team-a, team-b]\n");

        List<Role> roles = objects.stream().filter(Role.class::isInstance).map(Role.class::cast)
                .filter(role -> !role.getMetadata().getName().endsWith("-leader-election")
                        && !role.getMetadata().getName().endsWith("-webhook")).toList();
        assertThat(roles).extracting(role -> role.getMetadata().getNamespace()).containsExactlyInAnyOrder("team-a", "team-b");
        String webhookConfiguration = webhookConfigurationName(objects);
        Set<String> clusterWide = grants(only(objects, ClusterRole.class).getRules(), webhookConfiguration);
        assertThat(clusterWide).allMatch(grant -> grant.startsWith("apiextensions.k8s.io/") || grant.startsWith("authorization.k8s.io/")
                || grant.startsWith("admissionregistration.k8s.io/")
                || grant.startsWith("apiregistration.k8s.io/apiservices/v1beta1.custom.metrics.k8s.io:"));
        for (Role role : roles) {
            Set<String> union = new HashSet<>(clusterWide);
            union.addAll(grants(role.getRules(), webhookConfiguration));
            assertThat(union).as(role.getMetadata().getNamespace()).isEqualTo(configGrants());
        }
        assertThat(env(operatorContainer(objects), "WATCH_NAMESPACES")).isEqualTo("team-a,team-b");
    }

    @Test
    void installsTheAdmissionWebhookSoThatADownOperatorBlocksNothing() throws IOException {
        List<HasMetadata> objects = render("");

        ValidatingWebhookConfiguration configuration = only(objects, ValidatingWebhookConfiguration.class);
        ValidatingWebhook webhook = configuration.getWebhooks().get(0);
        assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
        assertThat(webhook.getSideEffects()).isEqualTo("None");
        assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
        assertThat(webhook.getClientConfig().getCaBundle()).as("the operator writes it").isNull();
        assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo(AdmissionWebhook.PATH);
        assertThat(webhook.getClientConfig().getService().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(webhook.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getResources()).containsExactly("otlpexporters");
            assertThat(rule.getOperations()).containsExactly("CREATE", "UPDATE");
        });
        assertThat(webhook.getNamespaceSelector().getMatchExpressions()).singleElement()
                .satisfies(expression -> assertThat(expression.getValues()).contains("kube-system"));
        Container operator = operatorContainer(objects);
        assertThat(env(operator, "WEBHOOK_SERVICE")).isEqualTo(webhook.getClientConfig().getService().getName());
        assertThat(env(operator, "WEBHOOK_CONFIGURATION")).isEqualTo(configuration.getMetadata().getName());
        assertThat(env(operator, "WEBHOOK_PORT")).isEqualTo("9443");
        assertThat(objects).filteredOn(io.fabric8.kubernetes.api.model.Service.class::isInstance)
                .extracting(service -> service.getMetadata().getName()).contains(webhook.getClientConfig().getService().getName());

        assertThat(render("webhook: {enabled: false}\n")).noneMatch(ValidatingWebhookConfiguration.class::isInstance);
    }

    @Test
    void installsTheSidecarInjectionSoThatNoPodWaitsForADownOperator() throws IOException {
        List<HasMetadata> objects = render("");

        MutatingWebhook webhook = only(objects, MutatingWebhookConfiguration.class).getWebhooks().get(0);
        assertThat(only(objects, MutatingWebhookConfiguration.class).getMetadata().getName())
                .isEqualTo(only(objects, ValidatingWebhookConfiguration.class).getMetadata().getName());
        assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
        assertThat(webhook.getSideEffects()).isEqualTo("None");
        assertThat(webhook.getReinvocationPolicy()).isEqualTo("Never");
        assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
        assertThat(webhook.getClientConfig().getCaBundle()).as("the operator writes it").isNull();
        assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo(AdmissionWebhook.INJECT_PATH);
        assertThat(webhook.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getResources()).containsExactly("pods");
            assertThat(rule.getOperations()).containsExactly("CREATE");
        });
        assertThat(webhook.getNamespaceSelector().getMatchExpressions()).singleElement()
                .satisfies(expression -> assertThat(expression.getValues()).containsExactly("kube-system", NAMESPACE));
        assertThat(webhook.getNamespaceSelector().getMatchLabels()).isNullOrEmpty();

        MutatingWebhook optIn = only(render("webhook: {sidecarInjection: {namespaceLabels: {otlp.dev/sidecars: enabled}}}\n"),
                MutatingWebhookConfiguration.class).getWebhooks().get(0);
        assertThat(optIn.getNamespaceSelector().getMatchLabels()).containsExactly(Map.entry("otlp.dev/sidecars", "enabled"));
        MutatingWebhook watched = only(render("watchNamespaces: [team-a, team-b]\n"), MutatingWebhookConfiguration.class)
                .getWebhooks().get(0);
        assertThat(watched.getNamespaceSelector().getMatchExpressions()).as("only where the operator may read OtlpExporters")
                .anySatisfy(expression -> {
                    assertThat(expression.getOperator()).isEqualTo("In");
                    assertThat(expression.getValues()).containsExactly("team-a", "team-b");
                });
        assertThat(render("webhook: {sidecarInjection: {enabled: false}}\n")).noneMatch(MutatingWebhookConfiguration.class::isInstance)
                .anyMatch(ValidatingWebhookConfiguration.class::isInstance);
    }

    @Test
    void podsPassPodSecurityRestricted() throws IOException {
        PodSpec pod = only(render(""), Deployment.class).getSpec().getTemplate().getSpec();

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getVolumes()).allSatisfy(volume -> assertThat(volume.getHostPath()).isNull());
        assertThat(pod.getContainers()).allSatisfy(container -> {
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(container.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(container.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
        });
    }

    @Test
    void rendersNonDefaultValues() throws IOException {
        List<HasMetadata> objects = render("""
                image: {repository: registry.example.com/otlp/operator, tag: "1.2.3"}
                runtimeImage: {repository: registry.example.com/otlp/runtime}
                imagePullSecrets: [{name: registry}]
                replicaCount: 2
                leaderElection: {enabled: false}
                logLevel: debug
                nodeSelector: {kubernetes.io/os: linux}
                tolerations: [{key: dedicated, operator: Equal, value: observability, effect: NoSchedule}]
                priorityClassName: system-cluster-critical
                metrics: {serviceMonitor: {enabled: true, labels: {release: prometheus}}}
                podDisruptionBudget: {enabled: true}
                networkPolicy: {enabled: true, metricsFromNamespaceSelector: {matchLabels: {name: monitoring}}}
                """);

        assertThat(objects).extracting(HasMetadata::getKind).contains("ServiceMonitor", "PodDisruptionBudget", "NetworkPolicy");
        assertThat(objects).extracting(object -> object.getMetadata().getName()).noneMatch(name -> name.endsWith("-leader-election"));
        Deployment deployment = only(objects, Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container operator = pod.getContainers().get(0);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(operator.getImage()).isEqualTo("registry.example.com/otlp/operator:1.2.3");
        assertThat(env(operator, "RUNTIME_IMAGE")).isEqualTo("registry.example.com/otlp/runtime:0.1.0");
        assertThat(env(operator, "LOG_LEVEL")).isEqualTo("debug");
        assertThat(operator.getArgs()).containsExactly("--no-leader-election");
        assertThat(pod.getImagePullSecrets()).extracting(secret -> secret.getName()).containsExactly("registry");
        assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
        assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
    }

    @Test
    void theLivenessProbesOfTheChartAndOfConfigAskHealthzWhichFailsWhileReconcilesStall() throws IOException {
        Container chart = operatorContainer(render(""));
        Container config = Serialization.unmarshal(Files.readString(CONFIG_OPERATOR), Deployment.class).getSpec().getTemplate()
                .getSpec().getContainers().get(0);

        assertThat(List.of(chart, config)).allSatisfy(operator -> {
            assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
            assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
            assertThat(operator.getPorts()).anySatisfy(port -> {
                assertThat(port.getName()).isEqualTo("health");
                assertThat(port.getContainerPort()).isEqualTo(OperatorOptions.DEFAULT_HEALTH_PORT);
            });
        });
    }

    @Test
    void shipsTheOperatorsAlertsOnlyWhenAskedAndBesideItsServiceMonitor() throws IOException {
        assertThat(render("")).extracting(HasMetadata::getKind).doesNotContain("PrometheusRule");
        assertThat(render("metrics: {serviceMonitor: {enabled: true}, prometheusRule: {enabled: true, labels: {release: prometheus}}}\n"))
                .filteredOn(object -> "PrometheusRule".equals(object.getKind())).singleElement()
                .satisfies(rule -> assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus"));
        assertThatThrownBy(() -> render("metrics: {prometheusRule: {enabled: true}}\n"))
                .as("alerts on series nothing scrapes").hasMessageContaining("metrics.serviceMonitor");
    }

    @Test
    void refusesAWrongValueNamingIt() {
        assertThatThrownBy(() -> render("replicaCount: two\n")).hasMessageContaining("replicaCount");
        assertThatThrownBy(() -> render("logLevel: verbose\n")).hasMessageContaining("logLevel");
        assertThatThrownBy(() -> render("stallTimeout: 5 minutes\n")).hasMessageContaining("stallTimeout");
        assertThatThrownBy(() -> render("watchNamespaces: [Team_A]\n")).hasMessageContaining("watchNamespaces");
        assertThatThrownBy(() -> render("replicas: 2\n")).as("a misspelt key").hasMessageContaining("replicas");
    }

    private List<HasMetadata> render(String values) throws IOException {
        Path file = Files.writeString(Files.createTempFile(tmp, "values", ".yaml"), values.isEmpty() ? "{}\n" : values);
        return parse(new Helm(CHART).template().withName("otlp-fleet").withNamespace(NAMESPACE).withValuesFile(file).call());
    }

    private static List<HasMetadata> parse(String yaml) {
        Object parsed = KUBERNETES_YAML.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        return parsed instanceof List<?> list ? list.stream().map(HasMetadata.class::cast).toList() : List.of((HasMetadata) parsed);
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).as(type.getSimpleName()).hasSize(1);
        return matching.get(0);
    }

    private static Container operatorContainer(List<HasMetadata> objects) {
        return only(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(env -> env.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in the operator's environment"));
    }

    /**
     * Each grant as group/resource:verb, or group/resource/name:verb where the rule names its objects
     * (the webhook configuration's name spelt {@code <webhook-configuration>}), so that rule layouts
     * compare by what they allow.
     */
    private static Set<String> grants(List<PolicyRule> rules, String webhookConfiguration) {
        Set<String> grants = new HashSet<>();
        for (PolicyRule rule : rules) {
            List<String> names = rule.getResourceNames().isEmpty() ? List.of("") : rule.getResourceNames().stream()
                    .map(name -> "/" + (name.equals(webhookConfiguration) ? "<webhook-configuration>" : name)).toList();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String name : names) {
                        rule.getVerbs().forEach(verb -> grants.add(group + "/" + resource + name + ":" + verb));
                    }
                }
            }
        }
        return grants;
    }

    private static Set<String> configGrants() throws IOException {
        return grants(configRules(), OperatorOptions.DEFAULT_WEBHOOK_CONFIGURATION);
    }

    private static String webhookConfigurationName(List<HasMetadata> objects) {
        return only(objects, ValidatingWebhookConfiguration.class).getMetadata().getName();
    }

    private static List<PolicyRule> configRules() throws IOException {
        return Serialization.unmarshal(Files.readString(CONFIG_CLUSTER_ROLE), ClusterRole.class).getRules();
    }

    private static String configImage() throws IOException {
        return Serialization.unmarshal(Files.readString(CONFIG_OPERATOR), Deployment.class).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage();
    }

    private static String configEnv(String name) throws IOException {
        return env(Serialization.unmarshal(Files.readString(CONFIG_OPERATOR), Deployment.class).getSpec().getTemplate()
                .getSpec().getContainers().get(0), name);
    }
}
