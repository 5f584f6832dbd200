package dev.otlp.operator.model;

import org.junit.jupiter.api.Test;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

class LabelsTest {

    @Test
    void everyGeneratedObjectCarriesNameInstanceAndManagedBy() {
        assertThat(Labels.common("gateway")).containsExactly(
                entry("app.kubernetes.io/instance", "gateway"),
                entry("app.kubernetes.io/managed-by", "otlp-fleet-operator"),
                entry("app.kubernetes.io/name", "otlp-exporter"));
    }

    @Test
    void selectorStringIsWhatTheScaleSubresourceReports() {
        assertThat(Labels.selectorString("gateway"))
                .isEqualTo("app.kubernetes.io/instance=gateway,app.kubernetes.io/name=otlp-exporter");
    }

    @Test
    void namesFollowTheContract() {
        assertThat(ResourceNames.configMap("gateway")).isEqualTo("gateway-config");
        assertThat(ResourceNames.receiverTlsSecret("gateway")).isEqualTo("gateway-receiver-tls");
        assertThat(ResourceNames.receiverCaSecret("gateway")).isEqualTo("gateway-receiver-ca");
        assertThat(ResourceNames.receiverApiKeySecret("gateway")).isEqualTo("gateway-receiver-api-key");
        assertThat(ResourceNames.alerts("gateway")).isEqualTo("gateway-alerts");
        assertThat(ResourceNames.deployment("gateway")).isEqualTo("gateway");
    }
}
