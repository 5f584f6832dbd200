package dev.otlp.operator.render;

import dev.otlp.operator.api.NetworkPolicyIpBlock;
import dev.otlp.operator.api.NetworkPolicySource;
import dev.otlp.operator.api.NetworkPolicySpec;
import dev.otlp.operator.api.OAuth2Spec;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.api.UpstreamAuthSpec;
import dev.otlp.operator.api.UpstreamSpec;
import dev.otlp.operator.model.ExporterPorts;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.runtime.config.HttpUrl;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlockBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The NetworkPolicy {@code X} of {@code spec.networkPolicy} (the seed's firewall chapter): OTLP
 * (4317, 4318) only from the allowed sources (pods by selector or addresses by ipBlock; the
 * exporter's own namespace by default), metrics (9090) only from the monitoring namespaces, the
 * health port (8080) from the operator, which asks each pod whether its upstream takes exports;
 * egress only to DNS and to the ports of the upstream and of the OAuth2 token endpoint.
 */
public final class NetworkPolicies {

    /** The namespace label every namespace carries (Kubernetes 1.22+). */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    static final String DEFAULT_MONITORING_NAMESPACE = "monitoring";
    /** The label the operator's own pods carry, from its chart and from config/. */
    static final Map<String, String> OPERATOR_PODS = Map.of("app.kubernetes.io/name", "otlp-fleet-operator");
    private static final int DNS = 53;

    private NetworkPolicies() {
    }

    public static boolean wanted(OtlpExporter exporter) {
        return spec(exporter).map(NetworkPolicySpec::getEnabled).orElse(false);
    }

    public static NetworkPolicy desired(OtlpExporter exporter) {
        String name = exporter.getMetadata().getName();
        NetworkPolicySpec policy = spec(exporter).orElseGet(NetworkPolicySpec::new);
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(ResourceNames.networkPolicy(name))
                .withNamespace(exporter.getMetadata().getNamespace())
                .withLabels(Labels.common(name))
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(Labels.selector(name)).endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .withIngress(ingress(policy))
                .withEgress(egress(exporter))
                .endSpec()
                .build();
    }

    private static List<NetworkPolicyIngressRule> ingress(NetworkPolicySpec policy) {
        List<NetworkPolicyPeer> senders = Optional.ofNullable(policy.getAllowedSources()).filter(list -> !list.isEmpty())
                .map(sources -> sources.stream().map(NetworkPolicies::peer).toList())
                .orElse(List.of(new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelector()).build()));
        LabelSelector monitoring = Optional.ofNullable(policy.getMetricsNamespaceSelector())
                .orElse(new LabelSelectorBuilder().addToMatchLabels(NAMESPACE_NAME_LABEL, DEFAULT_MONITORING_NAMESPACE).build());
        return List.of(
                new NetworkPolicyIngressRuleBuilder().withFrom(senders)
                        .withPorts(tcp(ExporterPorts.OTLP_GRPC), tcp(ExporterPorts.OTLP_HTTP)).build(),
                new NetworkPolicyIngressRuleBuilder().withFrom(new NetworkPolicyPeerBuilder()
                                .withNamespaceSelector(monitoring).build())
                        .withPorts(tcp(ExporterPorts.METRICS)).build(),
                new NetworkPolicyIngressRuleBuilder().withFrom(new NetworkPolicyPeerBuilder()
                                .withNamespaceSelector(new LabelSelector())
                                .withNewPodSelector().withMatchLabels(OPERATOR_PODS).endPodSelector().build())
                        .withPorts(tcp(ExporterPorts.HEALTH)).build());
    }

    private static NetworkPolicyPeer peer(NetworkPolicySource source) {
        NetworkPolicyIpBlock block = source.getIpBlock();
        return new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(source.getNamespaceSelector())
                .withPodSelector(source.getPodSelector())
                .withIpBlock(block == null ? null
                        : new IPBlockBuilder().withCidr(block.getCidr()).withExcept(block.getExcept()).build())
                .build();
    }

    private static List<NetworkPolicyEgressRule> egress(OtlpExporter exporter) {
        List<NetworkPolicyEgressRule> rules = new ArrayList<>();
        rules.add(new NetworkPolicyEgressRuleBuilder()
                .withPorts(new NetworkPolicyPortBuilder().withProtocol("UDP").withPort(new IntOrString(DNS)).build(), tcp(DNS))
                .build());
        TreeSet<Integer> ports = new TreeSet<>();
        Optional<UpstreamSpec> upstream = Optional.ofNullable(exporter.getSpec()).map(OtlpExporterSpec::getUpstream);
        upstream.map(UpstreamSpec::getEndpoint).flatMap(NetworkPolicies::port).ifPresent(ports::add);
        upstream.map(UpstreamSpec::getAuth).map(UpstreamAuthSpec::getOauth2).map(OAuth2Spec::getTokenUrl)
                .flatMap(NetworkPolicies::port).ifPresent(ports::add);
        if (!ports.isEmpty()) {
            rules.add(new NetworkPolicyEgressRuleBuilder().withPorts(ports.stream().map(NetworkPolicies::tcp).toList()).build());
        }
        return rules;
    }

    /** The port an http(s) URL connects to; empty for the {@code debug} upstream, which sends nowhere. */
    static Optional<Integer> port(String url) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            return Optional.empty();
        }
        return Optional.of(HttpUrl.parse(url).port());
    }

    private static NetworkPolicyPort tcp(int port) {
        return new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(port)).build();
    }

    private static Optional<NetworkPolicySpec> spec(OtlpExporter exporter) {
        return Optional.ofNullable(exporter.getSpec()).map(OtlpExporterSpec::getNetworkPolicy);
    }
}
