package dev.otlp.operator.reconciler;

import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code spec.networkPolicy}: the exporter's pods reachable only as the seed's firewall chapter says, and only while asked. */
class NetworkPolicyTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final String GATEWAY = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: gateway
            spec:
              upstream:
                endpoint: https://collector.example.com
                auth:
                  type: oauth2
                  oauth2:
                    tokenUrl: https://auth.example.com:8443/token
                    clientId: exporter
                    clientSecretRef: {name: oauth, key: secret}
              networkPolicy:
                enabled: true
                allowedSources:
                  - namespaceSelector: {matchLabels: {team: checkout}}
                    podSelector: {matchLabels: {otlp: "true"}}
                  - podSelector: {matchLabels: {app: frontend}}
            """;

    private final Cluster cluster = new Cluster(env);
    @RegisterExtension
    final FleetUnderTest fleet = new FleetUnderTest(env, Cluster.RESYNC);

    @Test
    void letsOnlyTheAllowedSourcesTheMonitoringNamespaceAndTheOperatorInAndOnlyDnsAndTheUpstreamOut() {
        cluster.create(new SecretBuilder().withNewMetadata().withName("oauth").endMetadata()
                .withData(Map.of("secret", "czNjcmV0")).build());
        cluster.create(GATEWAY);

        awaitUntil("the NetworkPolicy exists", () -> cluster.get(NetworkPolicy.class, "gateway") != null);
        NetworkPolicy policy = cluster.get(NetworkPolicy.class, "gateway");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/instance", "gateway");
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        List<NetworkPolicyIngressRule> ingress = policy.getSpec().getIngress();
        assertThat(ports(ingress.get(0).getPorts())).containsExactly(4317, 4318);
        assertThat(ingress.get(0).getFrom()).hasSize(2);
        assertThat(ingress.get(0).getFrom().get(0).getNamespaceSelector().getMatchLabels()).containsEntry("team", "checkout");
        assertThat(ingress.get(0).getFrom().get(0).getPodSelector().getMatchLabels()).containsEntry("otlp", "true");
        assertThat(ingress.get(0).getFrom().get(1).getNamespaceSelector()).as("the exporter's own namespace").isNull();
        assertThat(ports(ingress.get(1).getPorts())).containsExactly(9090);
        assertThat(ingress.get(1).getFrom().get(0).getNamespaceSelector().getMatchLabels())
                .containsEntry("kubernetes.io/metadata.name", "monitoring");
        assertThat(ports(ingress.get(2).getPorts())).as("the operator asks each pod about its upstream").containsExactly(8080);
        List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
        assertThat(ports(egress.get(0).getPorts())).as("DNS").containsExactly(53, 53);
        assertThat(ports(egress.get(1).getPorts())).as("the upstream's and the token endpoint's ports").containsExactly(443, 8443);

        cluster.editSpec("gateway", spec -> spec.getNetworkPolicy().setEnabled(false));

        awaitUntil("the NetworkPolicy is deleted", () -> cluster.get(NetworkPolicy.class, "gateway") == null);
    }

    private static List<Integer> ports(List<NetworkPolicyPort> ports) {
        return ports.stream().map(NetworkPolicyPort::getPort).map(IntOrString::getIntVal).toList();
    }
}
