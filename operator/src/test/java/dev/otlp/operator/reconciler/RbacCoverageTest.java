package dev.otlp.operator.reconciler;

import dev.otlp.operator.app.OperatorSettings;
import dev.otlp.operator.render.ScaledObject;
import dev.otlp.operator.testing.ApiVerb;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import dev.otlp.operator.testing.RequestRecorder.ApiRequest;
import dev.otlp.operator.webhook.AdmissionWebhook;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RBAC in {@code config/rbac} and the chart's, rendered by Helm, allow every API call the operator
 * makes while it manages a fully featured exporter and serves its admission webhook, evaluated as the
 * API server's authorizer does (resource names included), and nothing on webhook configurations but
 * the operator's own.
 */
class RbacCoverageTest {

    private static final KubernetesSerialization KUBERNETES_YAML = new KubernetesSerialization();

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment()
            .withCrd("/crds/monitoring.coreos.com_servicemonitors.yaml")
            .withCrd("/crds/monitoring.coreos.com_podmonitors.yaml")
            .withCrd("/crds/monitoring.coreos.com_prometheusrules.yaml")
            .withCrd("/embedded/crds/keda.sh_scaledobjects.yaml");

    private static final Path RBAC = Path.of("../config/rbac");
    private static final Path CHART = Path.of("../helm/otlp-fleet-operator");
    private static final String LEASE_NAMESPACE = "otlp-fleet-system";
    /** The name config/webhook gives both configurations, and the chart too for a release named like the chart. */
    private static final String WEBHOOK_CONFIGURATION = "otlp-fleet-operator";

    private final String namespace = OperatorTestEnvironment.uniqueNamespace();
    private FleetUnderTest fleet;

    @AfterEach
    void stopOperator() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void everyRequestTheOperatorMakesIsAllowedByItsRoles() throws IOException {
        int mark = env.requests().mark();
        fleet = new FleetUnderTest(env, new OperatorSettings(FleetUnderTest.IMAGE, Set.of(), LEASE_NAMESPACE,
                Duration.ofSeconds(1)));
        env.client().resource(new SecretBuilder().withNewMetadata().withName("vendor").withNamespace(namespace)
                .endMetadata().addToStringData("token", "t0ken").build()).create();
        env.client().resource(FleetUnderTest.exporter(namespace, """
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata: {name: everything}
                spec:
                  upstream:
                    endpoint: https://collector.example.com:4317
                    auth: {type: apiKey, apiKey: {secretRef: {name: vendor, key: token}}}
                  receiver:
                    tls: {generate: true}
                    auth: {apiKey: {generate: true}}
                  autoscaling: {minReplicas: 2, maxReplicas: 4}
                  monitoring:
                    serviceMonitor: {enabled: true}
                    alerts: {enabled: true}
                  networkPolicy: {enabled: true}
                  profiling: {enabled: true}
                """)).create();
        awaitUntil("the NetworkPolicy exists", () -> env.client().network().v1().networkPolicies()
                .inNamespace(namespace).withName("everything").get() != null);
        awaitUntil("the PrometheusRule exists", () -> env.client().resources(PrometheusRule.class)
                .inNamespace(namespace).withName("everything-alerts").get() != null);
        awaitUntil("the ServiceMonitor exists", () -> env.client().resources(ServiceMonitor.class)
                .inNamespace(namespace).withName("everything").get() != null);
        env.client().resource(FleetUnderTest.exporter(namespace, """
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata: {name: keda}
                spec:
                  upstream: {endpoint: "http://collector.observability.svc:4317"}
                  autoscaling:
                    maxReplicas: 4
                    engine: keda
                    prometheusAddress: http://prometheus.monitoring.svc:9090
                    metrics: {queueFill: 0.5}
                """)).create();
        awaitUntil("the ScaledObject exists", () -> env.client().resources(ScaledObject.class)
                .inNamespace(namespace).withName("keda").get() != null);
        env.client().resource(FleetUnderTest.exporter(namespace, """
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata: {name: injected}
                spec:
                  mode: sidecar
                  upstream: {endpoint: "http://collector.observability.svc:4317"}
                  monitoring:
                    podMonitor: {enabled: true}
                    alerts: {enabled: true}
                """)).create();
        awaitUntil("the PodMonitor exists", () -> env.client().resources(PodMonitor.class)
                .inNamespace(namespace).withName("injected").get() != null);
        env.client().resources(io.fabric8.kubernetes.api.model.Secret.class).inNamespace(namespace).withName("vendor")
                .edit(secret -> new SecretBuilder(secret).addToStringData("token", "rotated").build());
        env.client().resource(FleetUnderTest.exporter(namespace, """
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata: {name: broken}
                spec:
                  upstream: {endpoint: "http://localhost:4317"}
                """)).create();
        awaitUntil("the invalid spec is reported", () -> FleetUnderTest.condition(env.client()
                .resources(dev.otlp.operator.api.OtlpExporter.class).inNamespace(namespace).withName("broken").get(),
                "Ready").isPresent());

        env.client().resource(new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName(WEBHOOK_CONFIGURATION)
                .endMetadata().addNewWebhook().withName("otlpexporters.otlp.dev").withNewClientConfig().withNewService()
                .withNamespace(LEASE_NAMESPACE).withName("otlp-fleet-operator-webhook").endService().endClientConfig()
                .endWebhook().build()).create();
        env.client().resource(new MutatingWebhookConfigurationBuilder().withNewMetadata().withName(WEBHOOK_CONFIGURATION)
                .endMetadata().addNewWebhook().withName("sidecar.otlp.dev").withNewClientConfig().withNewService()
                .withNamespace(LEASE_NAMESPACE).withName("otlp-fleet-operator-webhook").endService().endClientConfig()
                .endWebhook().build()).create();
        try (KubernetesClient operatorClient = env.apiServer().newClient(OperatorTestEnvironment.OPERATOR_USER_AGENT);
             AdmissionWebhook webhook = AdmissionWebhook.start(operatorClient, LEASE_NAMESPACE, "otlp-fleet-operator-webhook",
                     WEBHOOK_CONFIGURATION, 0, OperatorSettings.DEFAULT_RUNTIME_IMAGE, Clock.systemUTC())) {
            assertThat(webhook.port()).isPositive();
            env.client().admissionRegistration().v1().mutatingWebhookConfigurations().withName(WEBHOOK_CONFIGURATION)
                    .edit(configuration -> {
                        configuration.getWebhooks().forEach(hook -> hook.getClientConfig().setCaBundle(null));
                        return configuration;
                    });
            awaitUntil("the watch restores the wiped caBundle", () -> env.client().admissionRegistration().v1()
                    .mutatingWebhookConfigurations().withName(WEBHOOK_CONFIGURATION).get().getWebhooks().get(0)
                    .getClientConfig().getCaBundle() != null);
        }

        List<ApiRequest> requests = env.requests().since(mark).stream()
                .filter(request -> OperatorTestEnvironment.OPERATOR_USER_AGENT.equals(request.userAgent()))
                .filter(request -> request.path().startsWith("/api/") || request.path().startsWith("/apis/"))
                .filter(request -> !isDiscovery(request.path()))
                .toList();
        assertThat(requests).as("requests observed").isNotEmpty();
        assertThat(requests).as("the custom metrics APIService is watched, by name").anyMatch(request ->
                request.verb() == ApiVerb.WATCH && request.path().contains("/apiservices?"));
        assertThat(requests).as("the webhook configurations are watched, by name").anyMatch(request ->
                request.verb() == ApiVerb.WATCH && request.path().contains("/mutatingwebhookconfigurations?"));
        assertThat(denied(requests, configRules())).as("operator requests that config/rbac does not allow").isEmpty();
        assertThat(denied(requests, chartRules())).as("operator requests that the chart's RBAC does not allow").isEmpty();
    }

    @Test
    void noOtherWebhookConfigurationMayBeReadWatchedOrWritten() throws IOException {
        List<ApiRequest> others = new ArrayList<>();
        for (String resource : List.of("validatingwebhookconfigurations", "mutatingwebhookconfigurations")) {
            String path = "/apis/admissionregistration.k8s.io/v1/" + resource;
            others.add(request(ApiVerb.GET, "GET", path + "/istio-sidecar-injector"));
            others.add(request(ApiVerb.PATCH, "PATCH", path + "/istio-sidecar-injector"));
            others.add(request(ApiVerb.UPDATE, "PUT", path + "/" + WEBHOOK_CONFIGURATION + "-other"));
            others.add(request(ApiVerb.DELETE, "DELETE", path + "/" + WEBHOOK_CONFIGURATION));
            others.add(request(ApiVerb.LIST, "GET", path));
            others.add(request(ApiVerb.WATCH, "GET", path + "?watch=true"));
            others.add(request(ApiVerb.WATCH, "GET", path + "?fieldSelector=metadata.name%3Dkyverno-resource&watch=true"));
            others.add(request(ApiVerb.CREATE, "POST", path));
        }

        for (List<PolicyRule> rules : List.of(configRules(), chartRules())) {
            assertThat(denied(others, rules)).hasSize(others.size());
            assertThat(denied(List.of(request(ApiVerb.WATCH, "GET", "/apis/admissionregistration.k8s.io/v1/"
                    + "validatingwebhookconfigurations?fieldSelector=metadata.name%3D" + WEBHOOK_CONFIGURATION
                    + "&watch=true")), rules)).as("its own configuration, watched by name").isEmpty();
        }
    }

    private static ApiRequest request(ApiVerb verb, String method, String path) {
        return new ApiRequest(verb, method, path, OperatorTestEnvironment.OPERATOR_USER_AGENT);
    }

    private static Set<String> denied(List<ApiRequest> requests, List<PolicyRule> rules) {
        Set<String> denied = new TreeSet<>();
        for (ApiRequest request : requests) {
            Access access = Access.of(request);
            if (rules.stream().noneMatch(access::allowedBy)) {
                denied.add(access.toString());
            }
        }
        return denied;
    }

    private static boolean isDiscovery(String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return bare.equals("/api") || bare.equals("/apis") || bare.matches("/api/v1/?")
                || bare.matches("/apis/[^/]+(/[^/]+)?/?");
    }

    private static List<PolicyRule> configRules() throws IOException {
        List<PolicyRule> rules = new ArrayList<>();
        try (var files = Files.list(RBAC)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (String document : Files.readString(file).split("(?m)^---$")) {
                    rules.addAll(rulesOf(KUBERNETES_YAML.unmarshal(document)));
                }
            }
        }
        return rules;
    }

    /** The chart's rules, rendered by Helm with default values for a release named like the chart. */
    private static List<PolicyRule> chartRules() {
        String rendered = new Helm(CHART).template().withName(WEBHOOK_CONFIGURATION).withNamespace(LEASE_NAMESPACE).call();
        List<PolicyRule> rules = new ArrayList<>();
        for (String document : rendered.split("(?m)^---$")) {
            if (!document.isBlank()) {
                rules.addAll(rulesOf(KUBERNETES_YAML.unmarshal(document)));
            }
        }
        return rules;
    }

    private static List<PolicyRule> rulesOf(Object object) {
        if (object instanceof ClusterRole role) {
            return role.getRules();
        }
        if (object instanceof Role role) {
            return role.getRules();
        }
        return List.of();
    }

    /**
     * One request as the API server's authorizer sees it: API group, resource (with subresource), verb and
     * the object's name, which a list or watch has only through a {@code metadata.name} field selector.
     */
    private record Access(String group, String resource, String verb, String name) {

        static Access of(ApiRequest request) {
            int queryStart = request.path().indexOf('?');
            String path = queryStart < 0 ? request.path() : request.path().substring(0, queryStart);
            String query = queryStart < 0 ? "" : request.path().substring(queryStart + 1);
            List<String> segments = List.of(path.replaceAll("^/+|/+$", "").split("/"));
            String group = segments.get(0).equals("api") ? "" : segments.get(1);
            List<String> rest = segments.subList(segments.get(0).equals("api") ? 2 : 3, segments.size());
            if (rest.size() >= 2 && rest.get(0).equals("namespaces")) {
                rest = rest.subList(2, rest.size());
            }
            String resource = rest.get(0) + (rest.size() >= 3 ? "/" + rest.get(2) : "");
            String name = rest.size() >= 2 ? rest.get(1) : "";
            if (request.verb() == ApiVerb.LIST || request.verb() == ApiVerb.WATCH) {
                name = fieldSelectorName(query);
            }
            return new Access(group, resource, request.verb().name().toLowerCase(), name);
        }

        private static String fieldSelectorName(String query) {
            for (String parameter : query.split("&")) {
                String decoded = URLDecoder.decode(parameter, StandardCharsets.UTF_8);
                if (decoded.startsWith("fieldSelector=")) {
                    for (String requirement : decoded.substring("fieldSelector=".length()).split(",")) {
                        if (requirement.startsWith("metadata.name=")) {
                            return requirement.substring("metadata.name=".length()).replaceFirst("^=", "");
                        }
                    }
                }
            }
            return "";
        }

        boolean allowedBy(PolicyRule rule) {
            return matches(rule.getApiGroups(), group) && matches(rule.getResources(), resource)
                    && matches(rule.getVerbs(), verb)
                    && (rule.getResourceNames().isEmpty() || !name.isEmpty() && rule.getResourceNames().contains(name));
        }

        private static boolean matches(List<String> allowed, String value) {
            return allowed.contains("*") || allowed.contains(value);
        }

        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource + (name.isEmpty() ? "" : "/" + name);
        }
    }

}
