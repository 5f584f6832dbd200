package dev.otlp.operator.model;

import dev.otlp.operator.api.NetworkPolicyIpBlock;
import dev.otlp.operator.api.NetworkPolicySource;
import dev.otlp.operator.api.NetworkPolicySpec;
import dev.otlp.operator.api.OAuth2Spec;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.api.UpstreamAuthSpec;
import dev.otlp.operator.api.UpstreamConnectionSpec;
import dev.otlp.operator.api.UpstreamSpec;
import dev.otlp.runtime.config.HttpUrl;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlockBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who may reach the exporter's pods and where they may connect, resolved from {@code spec.networkPolicy}
 * (switched on by its {@code enabled}).
 *
 * @param otlpSenders       who may send OTLP: the allowed sources (pods by selector or addresses by ipBlock), the
 *                          exporter's own namespace when none is listed
 * @param metricsNamespaces the namespaces that may scrape metrics: {@code metricsNamespaceSelector}, else
 *                          {@value #DEFAULT_MONITORING_NAMESPACE}
 * @param upstreamPorts     the ports of the upstream and of the OAuth2 token endpoint, beside DNS all the pods
 *                          connect to; none for the {@code debug} upstream, which sends nowhere
 */
public record NetworkAccess(List<NetworkPolicyPeer> otlpSenders, LabelSelector metricsNamespaces,
                            SortedSet<Integer> upstreamPorts) {

    /** The namespace label every namespace carries (Kubernetes 1.22+). */
    private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    private static final String DEFAULT_MONITORING_NAMESPACE = "monitoring";

    public NetworkAccess {
        otlpSenders = List.copyOf(otlpSenders);
        upstreamPorts = Collections.unmodifiableSortedSet(new TreeSet<>(upstreamPorts));
    }

    /** Empty unless {@code spec.networkPolicy.enabled}. */
    static Optional<NetworkAccess> of(OtlpExporterSpec spec) {
        return Optional.ofNullable(spec.getNetworkPolicy()).filter(policy -> Boolean.TRUE.equals(policy.getEnabled()))
                .map(policy -> new NetworkAccess(senders(policy), metricsNamespaces(policy), upstreamPorts(spec)));
    }

    private static List<NetworkPolicyPeer> senders(NetworkPolicySpec policy) {
        return Optional.ofNullable(policy.getAllowedSources()).filter(list -> !list.isEmpty())
                .map(sources -> sources.stream().map(NetworkAccess::peer).toList())
                .orElse(List.of(new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelector()).build()));
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

    private static LabelSelector metricsNamespaces(NetworkPolicySpec policy) {
        return Optional.ofNullable(policy.getMetricsNamespaceSelector()).orElse(new LabelSelectorBuilder()
                .addToMatchLabels(NAMESPACE_NAME_LABEL, DEFAULT_MONITORING_NAMESPACE).build());
    }

    private static SortedSet<Integer> upstreamPorts(OtlpExporterSpec spec) {
        SortedSet<Integer> ports = new TreeSet<>();
        Optional<UpstreamSpec> upstream = Optional.ofNullable(spec.getUpstream());
        List<UpstreamConnectionSpec> upstreams = new ArrayList<>();
        upstream.ifPresent(upstreams::add);
        upstream.map(UpstreamSpec::getFailover).ifPresent(failover -> failover.stream().filter(Objects::nonNull)
                .forEach(upstreams::add));
        for (UpstreamConnectionSpec each : upstreams) {
            Optional.ofNullable(each.getEndpoint()).flatMap(NetworkAccess::port).ifPresent(ports::add);
            Optional.ofNullable(each.getAuth()).map(UpstreamAuthSpec::getOauth2).map(OAuth2Spec::getTokenUrl)
                    .flatMap(NetworkAccess::port).ifPresent(ports::add);
        }
        return ports;
    }

    /** The port an http(s) URL connects to; empty for the {@code debug} upstream, which sends nowhere. */
    private static Optional<Integer> port(String url) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            return Optional.empty();
        }
        return Optional.of(HttpUrl.parse(url).port());
    }
}
