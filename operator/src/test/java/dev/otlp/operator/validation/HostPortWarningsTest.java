package dev.otlp.operator.validation;

import dev.otlp.operator.model.SpecProblem;
import dev.otlp.operator.testing.Exporters;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link SpecWarnings} says of {@code spec.hostPort}: only what applies to the spec at hand. */
class HostPortWarningsTest {

    private static final String AGENT = "mode: daemonset\nupstream: {endpoint: http://collector:4317}\n";

    private static List<String> warnedFields(String spec) {
        assertThat(SpecValidation.problems(Exporters.withSpec(spec))).as("a valid spec").isEmpty();
        return SpecWarnings.of(Exporters.withSpec(spec)).stream().map(SpecProblem::field).toList();
    }

    @Test
    void aNodeAgentWithoutHostPortIsNotWarnedOf() {
        assertThat(warnedFields(AGENT)).isEmpty();
        assertThat(warnedFields(AGENT + "hostPort: false\nreceiver: {tls: {generate: true}}\n")).isEmpty();
    }

    @Test
    void aHostPortAloneNeedsOnlyThePrivilegedPodSecurityLevel() {
        List<SpecProblem> warnings = SpecWarnings.of(Exporters.withSpec(AGENT + "hostPort: true\n"));

        assertThat(warnings).singleElement().satisfies(warning -> {
            assertThat(warning.field()).isEqualTo("spec.hostPort");
            assertThat(warning.message()).contains("baseline", "observability pod-security.kubernetes.io/enforce=privileged");
        });
    }

    @Test
    void aNetworkPolicyIsNamedUntilItAdmitsAddresses() {
        String podsOnly = AGENT + "hostPort: true\nnetworkPolicy: {enabled: true}\n";
        String addresses = AGENT + "hostPort: true\nnetworkPolicy:\n  enabled: true\n  allowedSources:\n"
                + "    - ipBlock: {cidr: 192.168.0.0/16}\n";

        assertThat(warnedFields(podsOnly)).containsExactly("spec.hostPort", "spec.networkPolicy.allowedSources");
        assertThat(warnedFields(addresses)).containsExactly("spec.hostPort");
        assertThat(warnedFields(AGENT + "hostPort: true\nnetworkPolicy: {enabled: false}\n")).containsExactly("spec.hostPort");
    }

    @Test
    void aGeneratedReceiverCertificateNamesTheServerNameClientsMustAskFor() {
        List<SpecProblem> warnings = SpecWarnings.of(Exporters.withSpec(AGENT + "hostPort: true\nreceiver: {tls: {generate: true}}\n"));

        assertThat(warnings).extracting(SpecProblem::field).containsExactly("spec.hostPort", "spec.receiver.tls.generate");
        assertThat(warnings.get(1).message()).contains("gateway.observability.svc", "TLS server name");
        assertThat(warnedFields(AGENT + "hostPort: true\nreceiver: {tls: {secretRef: {name: node-certs}}}\n"))
                .as("a certificate of the user's may name the nodes").containsExactly("spec.hostPort");
    }
}
