package dev.otlp.operator.dependent;

import dev.otlp.operator.api.KubernetesJson;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.testing.Exporters;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The informers' store gives back each object exactly as stored, as a copy of its own, under fabric8's cache key. */
class CompressedItemStoreTest {

    private static final String DEPLOYMENT = """
            {"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": "gateway", "namespace": "team-a", "uid": "9b1f", "resourceVersion": "42", "generation": 3,
               "labels": {"app.kubernetes.io/name": "otlp-exporter"}, "annotations": {"otlp.dev/note": "ünïcode ✓"},
               "ownerReferences": [{"apiVersion": "otlp.dev/v1alpha1", "kind": "OtlpExporter", "name": "gateway",
                 "uid": "77aa", "controller": true, "blockOwnerDeletion": true}]},
             "spec": {"replicas": 2, "selector": {"matchLabels": {"app.kubernetes.io/instance": "gateway"}},
               "template": {"metadata": {"annotations": {"otlp.dev/config-hash": "3f2a"}},
                 "spec": {"containers": [{"name": "otlp-exporter", "image": "registry.example/runtime:1",
                   "resources": {"limits": {"memory": "512Mi"}}, "futureField": {"kept": true}}]}}},
             "status": {"replicas": 2, "readyReplicas": 1, "observedGeneration": 3}}
            """;

    private final CompressedItemStore<Deployment> deployments = new CompressedItemStore<>();

    @Test
    void givesBackEachObjectAsStoredIncludingFieldsTheModelDoesNotKnow() {
        Deployment deployment = Serialization.unmarshal(DEPLOYMENT, Deployment.class);
        deployments.put(deployments.getKey(deployment), deployment);

        Deployment read = deployments.get("team-a/gateway");
        assertThat(read).isEqualTo(deployment).isNotSameAs(deployment);
        assertThat(json(read)).isEqualTo(json(deployment)).contains("\"futureField\":{\"kept\":true}");
        assertThat(deployments.keySet()).containsExactly("team-a/gateway");
        assertThat(deployments.values()).containsExactly(deployment);
    }

    @Test
    void aChangeToAReadCopyDoesNotReachTheStore() {
        Deployment deployment = Serialization.unmarshal(DEPLOYMENT, Deployment.class);
        deployments.put("team-a/gateway", deployment);

        deployments.get("team-a/gateway").getSpec().setReplicas(7);

        assertThat(deployments.get("team-a/gateway").getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void putAndRemoveReturnThePreviousObject() {
        Deployment first = Serialization.unmarshal(DEPLOYMENT, Deployment.class);
        Deployment second = Serialization.unmarshal(DEPLOYMENT, Deployment.class);
        second.getMetadata().setResourceVersion("43");

        assertThat(deployments.put("team-a/gateway", first)).isNull();
        assertThat(deployments.put("team-a/gateway", second)).isEqualTo(first);
        assertThat(deployments.remove("team-a/gateway")).isEqualTo(second);
        assertThat(deployments.get("team-a/gateway")).isNull();
        assertThat(deployments.size()).isZero();
    }

    @Test
    void keepsEachObjectOfItsOwnKindAndALargeOneWhole() {
        CompressedItemStore<ConfigMap> configMaps = new CompressedItemStore<>();
        String toml = "[exporter]\n" + "key = \"value\"\n".repeat(20_000);
        ConfigMap config = new ConfigMapBuilder().withNewMetadata().withName("gateway-config").withNamespace("team-a")
                .endMetadata().withData(Map.of("config.toml", toml)).build();
        configMaps.put("team-a/gateway-config", config);
        CompressedItemStore<OtlpExporter> exporters = new CompressedItemStore<>();
        OtlpExporter exporter = Exporters.sample("balanced.yaml");
        exporters.put("team-a/balanced", exporter);

        assertThat(configMaps.get("team-a/gateway-config").getData()).containsEntry("config.toml", toml);
        assertThat(json(exporters.get("team-a/balanced"))).isEqualTo(json(exporter));
    }

    private static String json(Object object) {
        return KubernetesJson.MAPPER.valueToTree(object).toString();
    }
}
