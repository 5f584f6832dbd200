package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.NetworkPolicyIpBlock;
import dev.otlp.operator.api.NetworkPolicySource;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node agent with {@code spec.hostPort}: it runs, and the status and one Event say what it needs
 * that the operator cannot do for it (the namespace's Pod Security level, a NetworkPolicy that admits
 * off-node clients, the TLS server name clients must ask for).
 */
class HostPortTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final String AGENT = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: agent
            spec:
              mode: daemonset
              hostPort: true
              upstream:
                endpoint: http://collector.observability.svc:4317
              receiver:
                tls: {generate: true}
              networkPolicy:
                enabled: true
                allowedSources:
                  - podSelector: {matchLabels: {app: frontend}}
            """;

    private final Cluster cluster = new Cluster(env);
    @RegisterExtension
    final FleetUnderTest fleet = new FleetUnderTest(env, Cluster.RESYNC);

    @Test
    void warnsOncePerChangeOfWhatAHostPortNeedsAndAdmitsOffNodeClientsByIpBlock() {
        cluster.create(AGENT);

        Condition warning = cluster.awaitCondition("agent", "Warning", "True", "RiskySettings");
        assertThat(warning.getMessage()).contains(
                "spec.hostPort", "Pod Security baseline", "label the namespace " + cluster.namespace()
                        + " pod-security.kubernetes.io/enforce=privileged",
                "spec.networkPolicy.allowedSources", "add an ipBlock",
                "spec.receiver.tls.generate", "must set the TLS server name to agent." + cluster.namespace() + ".svc");
        awaitUntil("the DaemonSet exists", () -> cluster.get(DaemonSet.class, "agent") != null);
        assertThat(cluster.events("agent", "RiskySettings")).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getMessage()).contains("pod-security.kubernetes.io/enforce=privileged");
        });

        cluster.editSpec("agent", spec -> {
            NetworkPolicyIpBlock nodes = new NetworkPolicyIpBlock();
            nodes.setCidr("10.20.0.0/16");
            nodes.setExcept(List.of("10.20.99.0/24"));
            NetworkPolicySource offNode = new NetworkPolicySource();
            offNode.setIpBlock(nodes);
            List<NetworkPolicySource> sources = new ArrayList<>(spec.getNetworkPolicy().getAllowedSources());
            sources.add(offNode);
            spec.getNetworkPolicy().setAllowedSources(sources);
        });

        awaitUntil("the NetworkPolicy admits the nodes' range", () -> cluster.get(NetworkPolicy.class, "agent")
                .getSpec().getIngress().get(0).getFrom().size() == 2);
        NetworkPolicyPeer nodes = cluster.get(NetworkPolicy.class, "agent").getSpec().getIngress().get(0).getFrom().get(1);
        assertThat(nodes.getIpBlock().getCidr()).isEqualTo("10.20.0.0/16");
        assertThat(nodes.getIpBlock().getExcept()).containsExactly("10.20.99.0/24");
        assertThat(nodes.getPodSelector()).as("an ipBlock peer has no selector").isNull();
        assertThat(nodes.getNamespaceSelector()).isNull();
        awaitUntil("the warning no longer names the NetworkPolicy", () -> !cluster.condition("agent", "Warning")
                .getMessage().contains("spec.networkPolicy"));
        assertThat(cluster.condition("agent", "Warning").getMessage()).contains("spec.hostPort", "spec.receiver.tls.generate");
        awaitUntil("a second Event for the changed warning", () -> cluster.events("agent", "RiskySettings").size() == 2);
    }
}
