package dev.otlp.operator.monitoring;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@EnableKubernetesMockClient(crud = true)
class MonitoringCrdsTest {

    KubernetesClient client;

    @Test
    void absentOnAClusterWithoutThePrometheusOperator() {
        assertThat(MonitoringCrds.present(client, MonitoringCrds.PROMETHEUS_RULES)).isFalse();
        assertThat(MonitoringCrds.present(client, MonitoringCrds.SERVICE_MONITORS)).isFalse();
        assertThat(MonitoringCrds.present(client, MonitoringCrds.POD_MONITORS)).isFalse();
    }

    @Test
    void eachCrdIsPresentOnceInstalledAndBothTogetherMakeTheStackPresent() {
        client.apiextensions().v1().customResourceDefinitions()
                .resource(crd("prometheusrules", "PrometheusRule")).create();

        assertThat(MonitoringCrds.present(client, MonitoringCrds.PROMETHEUS_RULES)).isTrue();
        assertThat(MonitoringCrds.present(client, MonitoringCrds.SERVICE_MONITORS)).isFalse();

        client.apiextensions().v1().customResourceDefinitions()
                .resource(crd("servicemonitors", "ServiceMonitor")).create();

        assertThat(MonitoringCrds.present(client, MonitoringCrds.SERVICE_MONITORS)).isTrue();
        assertThat(MonitoringCrds.present(client, MonitoringCrds.POD_MONITORS)).isFalse();

        client.apiextensions().v1().customResourceDefinitions()
                .resource(crd("podmonitors", "PodMonitor")).create();

        assertThat(MonitoringCrds.present(client, MonitoringCrds.POD_MONITORS)).isTrue();
    }

    private static CustomResourceDefinition crd(String plural, String kind) {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + ".monitoring.coreos.com").endMetadata()
                .withNewSpec()
                .withGroup("monitoring.coreos.com")
                .withScope("Namespaced")
                .withNewNames().withPlural(plural).withKind(kind).endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true).endVersion()
                .endSpec()
                .build();
    }
}
