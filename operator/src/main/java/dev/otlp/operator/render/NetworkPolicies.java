package dev.otlp.operator.render;

import dev.otlp.operator.model.ExporterPorts;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.NetworkAccess;
import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The NetworkPolicy {@code X} of {@code spec.networkPolicy} (the seed's firewall chapter): OTLP
 * (4317, 4318) only from the allowed sources (pods by selector or addresses by ipBlock; the
 * exporter's own namespace by default), metrics (9090) only from the monitoring namespaces, the
 * health port (8080) from the operator, which asks each pod whether its upstream takes exports;
 * egress only to DNS and to the ports of the upstream and of the OAuth2 token endpoint.
 */
public final class NetworkPolicies {

    /** The label the operator's own pods carry, from its chart and from config/. */
    static final Map<String, String> OPERATOR_PODS = Map.of("app.kubernetes.io/name", "otlp-fleet-operator");
    private static final int DNS = 53;

    private NetworkPolicies() {
    }

    /** Only for an exporter whose {@link ResolvedExporter#networkPolicy} is set. */
    public static NetworkPolicy desired(ResolvedExporter exporter) {
        String name = exporter.name();
        NetworkAccess access = exporter.networkPolicy()
                .orElseThrow(() -> new IllegalArgumentException("spec.networkPolicy is not enabled"));
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(ResourceNames.networkPolicy(name))
                .withNamespace(exporter.namespace())
                .withLabels(Labels.common(name))
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(Labels.selector(name)).endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .withIngress(ingress(access))
                .withEgress(egress(access))
                .endSpec()
                .build();
    }

    private static List<NetworkPolicyIngressRule> ingress(NetworkAccess access) {
        return List.of(
                new NetworkPolicyIngressRuleBuilder().withFrom(access.otlpSenders())
                        .withPorts(tcp(ExporterPorts.OTLP_GRPC), tcp(ExporterPorts.OTLP_HTTP)).build(),
                new NetworkPolicyIngressRuleBuilder().withFrom(new NetworkPolicyPeerBuilder()
                                .withNamespaceSelector(access.metricsNamespaces()).build())
                        .withPorts(tcp(ExporterPorts.METRICS)).build(),
                new NetworkPolicyIngressRuleBuilder().withFrom(new NetworkPolicyPeerBuilder()
                                .withNamespaceSelector(new LabelSelector())
                                .withNewPodSelector().withMatchLabels(OPERATOR_PODS).endPodSelector().build())
                        .withPorts(tcp(ExporterPorts.HEALTH)).build());
    }

    private static List<NetworkPolicyEgressRule> egress(NetworkAccess access) {
        List<NetworkPolicyEgressRule> rules = new ArrayList<>();
        rules.add(new NetworkPolicyEgressRuleBuilder()
                .withPorts(new NetworkPolicyPortBuilder().withProtocol("UDP").withPort(new IntOrString(DNS)).build(), tcp(DNS))
                .build());
        if (!access.upstreamPorts().isEmpty()) {
            rules.add(new NetworkPolicyEgressRuleBuilder()
                    .withPorts(access.upstreamPorts().stream().map(NetworkPolicies::tcp).toList()).build());
        }
        return rules;
    }

    private static NetworkPolicyPort tcp(int port) {
        return new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(port)).build();
    }
}
