package dev.otlp.operator.model;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.render.Deployments;
import dev.otlp.operator.testing.Exporters;
import dev.otlp.operator.validation.SpecValidation;
import dev.otlp.runtime.config.AuthenticationConfig.AuthType;
import dev.otlp.runtime.config.ConfigProblem;
import dev.otlp.runtime.config.ConfigRenderer;
import dev.otlp.runtime.config.RuntimeConfig;
import dev.otlp.runtime.config.SecondaryUpstream;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code spec.upstream.failover}: rendered as {@code [[otlp.failover]]} tables, each upstream's Secrets mounted apart. */
class FailoverSpecTest {

    private static final OtlpExporter TWO_SECONDARIES = Exporters.withSpec("""
            upstream:
              endpoint: https://collector.example.com:4317
              auth: {type: apiKey, apiKey: {secretRef: {name: primary-key, key: key}}}
              failoverAfter: 5
              failbackProbeInterval: 10s
              failover:
                - endpoint: https://eu.example.com:4317
                  protocol: http
                  headers: {x-tenant: eu}
                  tls: {caSecretRef: {name: eu-ca, key: ca.pem}, clientCertSecretRef: {name: eu-client}}
                  auth: {type: apiKey, apiKey: {secretRef: {name: eu-key, key: token}, header: X-EU-Key}}
                - endpoint: http://backup.observability.svc:4317
                  auth:
                    type: oauth2
                    oauth2: {clientId: backup, clientSecretRef: {name: backup-oauth, key: secret}, tokenUrl: "https://auth.example.com/token"}
            networkPolicy: {enabled: true}
            """);

    @Test
    void rendersEachEntryAsAFailoverTableReadingItsOwnSecretsFiles() {
        RuntimeConfig config = ExporterConfig.of(TWO_SECONDARIES);

        assertThat(config.failover().failoverAfter()).isEqualTo(5);
        assertThat(config.failover().failbackProbeInterval()).isEqualTo(Duration.ofSeconds(10));
        List<SecondaryUpstream> secondaries = config.failover().upstreams();
        assertThat(secondaries).hasSize(2);
        SecondaryUpstream eu = secondaries.get(0);
        assertThat(eu.otlp().endpoint()).isEqualTo("https://eu.example.com:4317");
        assertThat(eu.otlp().headers()).containsEntry("x-tenant", "eu");
        assertThat(eu.tls().caFile()).isEqualTo("/etc/otlp/failover-1/upstream-ca/ca.crt");
        assertThat(eu.tls().certFile()).isEqualTo("/etc/otlp/failover-1/upstream-client/tls.crt");
        assertThat(eu.authentication().apiKeyFile()).isEqualTo("/etc/otlp/failover-1/upstream-api-key/api-key");
        assertThat(eu.authentication().apiKeyHeader()).isEqualTo("X-EU-Key");
        SecondaryUpstream backup = secondaries.get(1);
        assertThat(backup.authentication().effectiveType()).isEqualTo(AuthType.OAUTH2);
        assertThat(backup.oauth2().clientSecretFile()).isEqualTo("/etc/otlp/failover-2/oauth2/client-secret");
        assertThat(config.authentication().apiKeyFile()).as("the primary's own key").isEqualTo(MountPaths.UPSTREAM_API_KEY_FILE);
        assertThat(ConfigRenderer.render(config)).contains("[[otlp.failover]]", "[otlp.failover.tls]",
                "failover_after = 5", "failback_probe_interval = \"10s\"");
    }

    @Test
    void mountsEachEntrysSecretsInVolumesOfItsOwn() {
        List<SecretMount> mounts = SecretMounts.of(TWO_SECONDARIES);

        assertThat(mounts).extracting(SecretMount::volumeName).containsExactly("upstream-api-key",
                "failover-1-upstream-ca", "failover-1-upstream-client", "failover-1-upstream-api-key", "failover-2-oauth2");
        assertThat(mounts).filteredOn(m -> m.volumeName().equals("failover-1-upstream-ca")).singleElement().satisfies(m -> {
            assertThat(m.secretName()).isEqualTo("eu-ca");
            assertThat(m.keys()).containsExactly("ca.pem");
            assertThat(m.directory() + m.paths().get(0)).isEqualTo("/etc/otlp/failover-1/upstream-ca/ca.crt");
            assertThat(m.referencedBy()).contains("spec.upstream.failover[0].tls.caSecretRef");
        });
        assertThat(mounts).filteredOn(m -> m.volumeName().equals("failover-2-oauth2")).singleElement()
                .satisfies(m -> assertThat(m.referencedBy()).contains("spec.upstream.failover[1].auth.oauth2.clientSecretRef"));
    }

    @Test
    void theRuntimeContainerMountsEachEntrysSecretWhereItsTableReadsIt() {
        PodSpec pod = Deployments.desired(ResolvedExporter.of(TWO_SECONDARIES, ExporterConfig.of(TWO_SECONDARIES),
                "otlp-exporter-runtime:test"), "0000111122223333", null).getSpec().getTemplate().getSpec();

        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("failover-1-upstream-api-key")).singleElement()
                .satisfies(volume -> {
                    assertThat(volume.getSecret().getSecretName()).isEqualTo("eu-key");
                    assertThat(volume.getSecret().getItems()).singleElement().satisfies(item -> {
                        assertThat(item.getKey()).isEqualTo("token");
                        assertThat(item.getPath()).isEqualTo("api-key");
                    });
                });
        assertThat(pod.getContainers().get(0).getVolumeMounts()).extracting(VolumeMount::getMountPath)
                .contains("/etc/otlp/failover-1/upstream-api-key", "/etc/otlp/failover-1/upstream-ca",
                        "/etc/otlp/failover-2/oauth2");
    }

    @Test
    void theNetworkPolicyLetsTheExporterReachEveryUpstreamAndTokenEndpoint() {
        Optional<NetworkAccess> access = NetworkAccess.of(TWO_SECONDARIES.getSpec());

        assertThat(access).get().satisfies(a -> assertThat(a.upstreamPorts()).containsExactly(443, 4317));
    }

    @Test
    void aProblemOfAnEntryIsNamedByThatEntrysField() {
        OtlpExporter exporter = Exporters.withSpec("""
                upstream:
                  endpoint: https://collector.example.com:4317
                  failoverAfter: 0
                  failover:
                    - endpoint: debug
                    - protocol: http
                    - endpoint: http://backup:4317
                      tls: {minVersion: "1.3"}
                """);

        assertThat(SpecValidation.problems(exporter)).extracting(SpecProblem::field).containsExactlyInAnyOrder(
                "spec.upstream.failoverAfter",
                "spec.upstream.failover[1].endpoint",
                "spec.upstream.failover[2].tls");
    }

    @Test
    void anEntryTheRuntimeRefusesIsNamedByItsField() {
        OtlpExporter exporter = Exporters.withSpec("""
                upstream:
                  endpoint: https://collector.example.com:4317
                  failover:
                    - endpoint: https://eu.example.com:4317
                    - endpoint: debug
                """);

        assertThat(SpecValidation.problems(exporter)).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.upstream.failover[1].endpoint");
            assertThat(problem.message()).contains("not an upstream to fail over to");
        });
    }

    @Test
    void aRuntimeProblemOfAFailoverTableIsWordedInThatEntrysFields() {
        SpecProblem problem = SpecConfigTable.specProblem(new ConfigProblem(
                "otlp.failover[1].tls.cert_file", "auth_type mTLS needs tls.cert_file and tls.key_file"));

        assertThat(problem).isEqualTo(new SpecProblem("spec.upstream.failover[1].tls.clientCertSecretRef",
                "auth_type mTLS needs spec.upstream.failover[1].tls.clientCertSecretRef and"
                        + " spec.upstream.failover[1].tls.clientCertSecretRef"));
    }
}
