package dev.otlp.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What `kubectl` users see of the resource: names, scale subresource, columns, enums, rules and descriptions. */
class GeneratedCrdTest {

    /** Kubernetes' own types: their schemas come from fabric8's model, which carries no descriptions. */
    private static final Set<String> KUBERNETES_TYPES = Set.of("resources", "env", "tolerations", "affinity", "conditions",
            "namespaceSelector", "podSelector", "metricsNamespaceSelector");

    private static CustomResourceDefinitionVersion version;
    private static JSONSchemaProps spec;

    @BeforeAll
    static void readCrd() throws IOException {
        CustomResourceDefinition crd = new KubernetesSerialization()
                .unmarshal(CommittedCrdTest.generated(), CustomResourceDefinition.class);
        assertThat(crd.getSpec().getGroup()).isEqualTo("otlp.dev");
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("otlpexporters");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("otlpx");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        version = crd.getSpec().getVersions().get(0);
        spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    }

    @Test
    void servesV1alpha1WithStatusAndScaleSubresources() {
        assertThat(version.getName()).isEqualTo("v1alpha1");
        assertThat(version.getSubresources().getStatus()).isNotNull();
        assertThat(version.getSubresources().getScale().getSpecReplicasPath()).isEqualTo(".spec.replicas");
        assertThat(version.getSubresources().getScale().getStatusReplicasPath()).isEqualTo(".status.replicas");
        assertThat(version.getSubresources().getScale().getLabelSelectorPath()).isEqualTo(".status.selector");
    }

    @Test
    void printsReadyOutOfWantedTheReadyConditionProfileUpstreamAndAgeLast() {
        assertThat(version.getAdditionalPrinterColumns())
                .extracting(c -> c.getName() + "=" + c.getJsonPath())
                .containsExactly("Ready=.status.ready",
                        "Status=.status.conditions[?(@.type==\"Ready\")].status",
                        "Reason=.status.conditions[?(@.type==\"Ready\")].reason",
                        "Profile=.status.profile", "Upstream=.spec.upstream.endpoint", "Age=.metadata.creationTimestamp");
    }

    @Test
    void enumsListTheValuesUsersWrite() {
        assertThat(enumValues(spec.getProperties().get("profile"))).containsExactlyInAnyOrder("low-latency", "balanced", "high-throughput");
        assertThat(spec.getProperties().get("profile").getDefault().asText()).isEqualTo("balanced");
        JSONSchemaProps upstream = spec.getProperties().get("upstream");
        assertThat(enumValues(upstream.getProperties().get("protocol"))).containsExactlyInAnyOrder("grpc", "http");
        assertThat(enumValues(upstream.getProperties().get("auth").getProperties().get("type")))
                .containsExactlyInAnyOrder("none", "apiKey", "oauth2");
        assertThat(enumValues(upstream.getProperties().get("tls").getProperties().get("minVersion")))
                .containsExactlyInAnyOrder("1.2", "1.3");
        assertThat(enumValues(spec.getProperties().get("compression").getProperties().get("algorithm")))
                .containsExactlyInAnyOrder("zstd", "gzip", "none");
    }

    @Test
    void rangesAndPatternsAreInTheSchema() {
        JSONSchemaProps level = spec.getProperties().get("compression").getProperties().get("level");
        assertThat(level.getMinimum()).isEqualTo(1.0);
        assertThat(level.getMaximum()).isEqualTo(22.0);
        assertThat(spec.getProperties().get("batching").getProperties().get("timeout").getPattern()).isEqualTo(ApiPatterns.DURATION);
        assertThat(spec.getProperties().get("upstream").getProperties().get("endpoint").getPattern())
                .isEqualTo(ApiPatterns.UPSTREAM_ENDPOINT);
        assertThat(spec.getRequired()).containsExactly("upstream");
    }

    @Test
    void crossFieldRulesAreCelValidations() {
        assertThat(rules(spec.getProperties().get("batching"))).containsExactly("!has(self.size) || !has(self.maxSize) || self.maxSize >= self.size");
        assertThat(rules(spec.getProperties().get("autoscaling"))).containsExactly("!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas",
                "!has(self.metrics) || !has(self.targetCPUUtilizationPercentage)", AutoscalingSpec.KEDA_PROMETHEUS_RULE);
        assertThat(rules(spec.getProperties().get("autoscaling").getProperties().get("metrics")))
                .containsExactly("has(self.cpu) || has(self.queueFill) || has(self.receivedItemsRate)");
        assertThat(rules(spec.getProperties().get("upstream").getProperties().get("auth"))).hasSize(4);
        assertThat(rules(spec.getProperties().get("receiver").getProperties().get("tls"))).hasSize(1);
        assertThat(rules(spec.getProperties().get("queue").getProperties().get("maxBytes"))).containsExactly(ApiPatterns.SIZE_RULE);
    }

    @Test
    void everyFieldOfOursHasADescription() {
        List<String> undescribed = new ArrayList<>();
        collectUndescribed("spec", spec, undescribed);
        collectUndescribed("status", version.getSchema().getOpenAPIV3Schema().getProperties().get("status"), undescribed);

        assertThat(undescribed).isEmpty();
    }

    private static void collectUndescribed(String path, JSONSchemaProps schema, List<String> undescribed) {
        if (schema.getProperties() == null) {
            return;
        }
        for (Map.Entry<String, JSONSchemaProps> property : schema.getProperties().entrySet()) {
            String name = path + "." + property.getKey();
            if (property.getValue().getDescription() == null || property.getValue().getDescription().isBlank()) {
                undescribed.add(name);
            }
            if (!KUBERNETES_TYPES.contains(property.getKey())) {
                collectUndescribed(name, property.getValue(), undescribed);
            }
        }
    }

    private static List<String> enumValues(JSONSchemaProps schema) {
        return schema.getEnum().stream().map(node -> node.asText()).toList();
    }

    private static List<String> rules(JSONSchemaProps schema) {
        return schema.getXKubernetesValidations().stream().map(ValidationRule::getRule).toList();
    }
}
