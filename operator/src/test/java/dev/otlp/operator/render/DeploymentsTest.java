package dev.otlp.operator.render;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterConfig;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.model.SecretMount;
import dev.otlp.operator.model.MountPaths;
import dev.otlp.operator.model.SecretReference;
import dev.otlp.operator.testing.Exporters;
import dev.otlp.operator.testing.WorkloadExporters;
import dev.otlp.runtime.config.QueueConfig;
import dev.otlp.runtime.config.RuntimeConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeploymentsTest {

    private static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    private static final String OAUTH2_SPEC = """
            upstream:
              endpoint: https://collector.example.com:4318
              protocol: http
              auth:
                type: oauth2
                oauth2:
                  clientId: exporter
                  clientSecretRef: {name: idp-client, key: secret}
                  tokenUrl: https://auth.example.com/oauth2/token
            receiver:
              tls:
                secretRef: {name: exporter-serving-cert}
              auth:
                apiKey: {generate: true}
            """;

    @Test
    void keepsAnnotationsThatOthersPutOnThePodTemplate() {
        OtlpExporter exporter = WorkloadExporters.rich();
        Deployment actual = desired(exporter, null);
        actual.getSpec().getTemplate().getMetadata().getAnnotations().put(RESTARTED_AT, "2025-01-01T00:00:00Z");

        Map<String, String> annotations = podAnnotations(desired(exporter, actual));

        assertThat(annotations).containsEntry(RESTARTED_AT, "2025-01-01T00:00:00Z")
                .containsEntry(Deployments.CONFIG_HASH_ANNOTATION, WorkloadExporters.CONFIG_HASH)
                .containsEntry("team", "observability");
    }

    @Test
    void podAnnotationRemovedFromTheSpecLeavesThePods() {
        Deployment actual = desired(WorkloadExporters.rich(), null);
        actual.getSpec().getTemplate().getMetadata().getAnnotations().put(RESTARTED_AT, "2025-01-01T00:00:00Z");
        OtlpExporter edited = WorkloadExporters.rich();
        edited.getSpec().getPodAnnotations().remove("team");

        Map<String, String> annotations = podAnnotations(desired(edited, actual));

        assertThat(annotations).doesNotContainKey("team").containsKeys(RESTARTED_AT, "prometheus.io/scrape");
    }

    @Test
    void podTemplateCarriesTheCurrentConfigHash() {
        OtlpExporter exporter = WorkloadExporters.minimal();
        Deployment actual = desired(exporter, null);

        Deployment changed = Deployments.desired(WorkloadExporters.resolved(exporter), "0000111122223333", actual);

        assertThat(podAnnotations(changed)).containsEntry(Deployments.CONFIG_HASH_ANNOTATION, "0000111122223333");
    }

    @Test
    void whileAutoscalingTheReplicaCountIsTheOneTheDeploymentHas() {
        OtlpExporter exporter = WorkloadExporters.rich();
        Deployment actual = desired(exporter, null);
        actual.getSpec().setReplicas(7);

        assertThat(desired(exporter, actual).getSpec().getReplicas()).isEqualTo(7);
    }

    @Test
    void autoscaledDeploymentStartsAtMinReplicas() {
        assertThat(desired(WorkloadExporters.rich(), null).getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void withoutAutoscalingTheSpecSetsTheReplicaCount() {
        OtlpExporter exporter = Exporters.withSpec(WorkloadExporters.MINIMAL_SPEC + "replicas: 3\n");
        Deployment actual = desired(exporter, null);
        actual.getSpec().setReplicas(7);

        assertThat(desired(exporter, actual).getSpec().getReplicas()).isEqualTo(3);
        assertThat(desired(WorkloadExporters.minimal(), null).getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void givesTheRuntimeHeapRoomForItsQueueUnlessTheSpecSetsItsOwnJvmOptions() {
        assertThat(desired(WorkloadExporters.minimal(), null).getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnv()).anySatisfy(env -> {
                    assertThat(env.getName()).isEqualTo("JAVA_TOOL_OPTIONS");
                    assertThat(env.getValue()).contains("-XX:MaxRAMPercentage=75");
                });

        OtlpExporter own = Exporters.withSpec(WorkloadExporters.MINIMAL_SPEC
                + "env: [{name: JAVA_TOOL_OPTIONS, value: \"-Xmx200m\"}]\n");
        assertThat(desired(own, null).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .singleElement().satisfies(env -> assertThat(env.getValue()).isEqualTo("-Xmx200m"));
    }

    @Test
    void rootFilesystemIsReadOnlyAndTmpIsAWritableEmptyDir() {
        PodSpec pod = desired(WorkloadExporters.minimal(), null).getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);

        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        VolumeMount tmp = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
                .orElseThrow();
        assertThat(tmp.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        assertThat(volume(pod, tmp.getName()).getEmptyDir()).isNotNull();
        assertThat(container.getVolumeMounts()).filteredOn(m -> !m.getMountPath().equals("/tmp"))
                .allMatch(m -> Boolean.TRUE.equals(m.getReadOnly()));
    }

    @Test
    void runsWithTheRestrictedSecurityContext() {
        PodSpec pod = desired(WorkloadExporters.minimal(), null).getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    }

    @Test
    void everyFileTheConfigurationNamesIsMounted() {
        for (OtlpExporter exporter : List.of(WorkloadExporters.rich(), Exporters.withSpec(OAUTH2_SPEC),
                WorkloadExporters.minimal())) {
            RuntimeConfig config = ExporterConfig.of(exporter);
            Set<String> named = Stream.of(MountPaths.CONFIG_FILE, config.tls().caFile(), config.tls().certFile(),
                            config.tls().keyFile(), config.authentication().apiKeyFile(),
                            config.oauth2().clientSecretFile(), config.receiver().tlsCertFile(),
                            config.receiver().tlsKeyFile(), config.receiver().apiKeyFile(),
                            config.receiver().apiKeyPreviousFile())
                    .filter(Objects::nonNull).collect(Collectors.toSet());

            assertThat(mountedFiles(desired(exporter, null))).containsAll(named);
        }
    }

    @Test
    void mountsExactlyTheSecretsTheSpecUses() {
        assertThat(mountedSecrets(desired(WorkloadExporters.rich(), null)))
                .isEqualTo(secretMounts(WorkloadExporters.rich()))
                .containsExactlyInAnyOrder("collector-ca", "exporter-client-cert", "vendor-credentials",
                        "gateway-receiver-tls", "client-keys");
        assertThat(mountedSecrets(desired(Exporters.withSpec(OAUTH2_SPEC), null)))
                .isEqualTo(secretMounts(Exporters.withSpec(OAUTH2_SPEC)))
                .containsExactlyInAnyOrder("idp-client", "exporter-serving-cert", "gateway-receiver-api-key");
        assertThat(mountedSecrets(desired(WorkloadExporters.minimal(), null))).isEmpty();
        assertThat(secretMounts(WorkloadExporters.minimal())).isEmpty();
    }

    @Test
    void generatedReceiverCertificateReachesThePodsWithoutTheCaKey() {
        PodSpec pod = desired(WorkloadExporters.rich(), null).getSpec().getTemplate().getSpec();

        assertThat(volume(pod, "receiver-tls").getSecret().getItems()).extracting(KeyToPath::getKey)
                .containsExactly("tls.crt", "tls.key", "ca.crt");
    }

    @Test
    void namesTheSpecFieldOfEveryReferencedSecret() {
        assertThat(ExporterModel.secretReferences(WorkloadExporters.rich())).containsExactly(
                new SecretReference("spec.upstream.tls.caSecretRef", "collector-ca", List.of("bundle.pem")),
                new SecretReference("spec.upstream.tls.clientCertSecretRef", "exporter-client-cert",
                        List.of("tls.crt", "tls.key")),
                new SecretReference("spec.upstream.auth.apiKey.secretRef", "vendor-credentials", List.of("token")),
                new SecretReference("spec.receiver.auth.apiKey.secretRef", "client-keys", List.of("current")));
        assertThat(ExporterModel.secretReferences(Exporters.withSpec(OAUTH2_SPEC))).containsExactly(
                new SecretReference("spec.upstream.auth.oauth2.clientSecretRef", "idp-client", List.of("secret")),
                new SecretReference("spec.receiver.tls.secretRef", "exporter-serving-cert", List.of("tls.crt", "tls.key")));
    }

    @Test
    void gracePeriodCoversTheShutdownDelayTheDrainTimeoutAndAMargin() {
        OtlpExporter exporter = Exporters.withSpec(WorkloadExporters.MINIMAL_SPEC + "shutdownDelay: 7s\n");
        RuntimeConfig config = withDrainTimeout(ExporterConfig.of(exporter), Duration.ofMillis(45_500));

        Deployment deployment = Deployments.desired(ResolvedExporter.of(exporter, config, WorkloadExporters.IMAGE),
                WorkloadExporters.CONFIG_HASH, null);

        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .as("7 s + 45.5 s + 10 s, rounded up").isEqualTo(63L);
    }

    /**
     * The drain is sized from the queue and the profile's measured export rate (DrainTime): a full queue at a tenth
     * of that rate, plus one upstream timeout; the grace adds the 5 s shutdown delay and 10 s.
     */
    @Test
    void gracePeriodGrowsWithTheQueueItMustDrainAndTheUpstreamTimeout() {
        assertThat(gracePeriod("")).as("balanced: 48 MiB in 3 s after a 30 s timeout").isEqualTo(5 + 33 + 10L);
        assertThat(gracePeriod("profile: high-throughput\n")).as("500,000 items in 19 s").isEqualTo(5 + 49 + 10L);
        assertThat(gracePeriod("queue: {maxItems: 2000000, maxBytes: 1Gi}\n")).as("1 GiB in 47 s").isEqualTo(5 + 77 + 10L);
        assertThat(gracePeriod("upstream: {endpoint: 'https://collector.example.com:4317', timeout: 90s}\n"))
                .isEqualTo(5 + 93 + 10L);
        assertThat(gracePeriod("queue: {persistence: {type: persistentVolumeClaim, size: 4Gi}}\n"))
                .as("90% of 4 GiB in 167 s").isEqualTo(5 + 197 + 10L);
        assertThat(gracePeriod("queue: {persistence: {type: persistentVolumeClaim, size: 100Gi}}\n"))
                .as("at most 5 min").isEqualTo(5 + 300 + 10L);
        assertThat(gracePeriod("queue: {drainTimeout: 12m, maxItems: 1000}\n")).as("spec.queue.drainTimeout wins")
                .isEqualTo(5 + 720 + 10L);
    }

    private static long gracePeriod(String spec) {
        OtlpExporter exporter = Exporters.withSpec(spec.startsWith("upstream") ? spec : WorkloadExporters.MINIMAL_SPEC + spec);
        ResolvedExporter resolved = ResolvedExporter.of(exporter, ExporterConfig.of(exporter), WorkloadExporters.IMAGE);
        return Deployments.podTemplate(resolved, WorkloadExporters.CONFIG_HASH, null, null).getSpec()
                .getTerminationGracePeriodSeconds();
    }

    @Test
    void checksTheConfigWithThePodsOwnImageMountsAndIdentityBeforeTheRuntimeStarts() {
        OtlpExporter exporter = Exporters.withSpec("""
                env: [{name: OTLP_TIMEOUT, value: 20s}]
                upstream:
                  endpoint: https://collector.example.com:4317
                  auth: {type: apiKey, apiKey: {secretRef: {name: vendor-credentials, key: token}}}
                """);
        PodSpec pod = Deployments.desired(ResolvedExporter.of(exporter, ExporterConfig.of(exporter), WorkloadExporters.IMAGE),
                WorkloadExporters.CONFIG_HASH, null).getSpec().getTemplate().getSpec();

        Container runtime = pod.getContainers().get(0);
        assertThat(pod.getInitContainers()).singleElement().satisfies(check -> {
            assertThat(check.getName()).isEqualTo("check-config");
            assertThat(check.getImage()).isEqualTo(runtime.getImage());
            assertThat(check.getArgs()).containsExactly("--check-config", "--config", runtime.getArgs().get(1));
            assertThat(check.getEnv()).as("variables override the file").isEqualTo(runtime.getEnv());
            assertThat(check.getVolumeMounts()).as("the config and every file it names").isEqualTo(runtime.getVolumeMounts());
            assertThat(check.getSecurityContext()).isEqualTo(runtime.getSecurityContext());
            assertThat(check.getTerminationMessagePolicy()).as("the check's output becomes the termination message")
                    .isEqualTo("FallbackToLogsOnError");
            assertThat(check.getResources().getLimits()).containsEntry("memory", new Quantity("192Mi"));
        });
    }

    @Test
    void replacesADaemonSetsPodOnlyOnceItsSuccessorIsReadyUnlessBothWouldNeedTheHostPorts() {
        OtlpExporter agent = Exporters.withSpec(WorkloadExporters.MINIMAL_SPEC + "mode: daemonset\n");
        OtlpExporter hostPortAgent = Exporters.withSpec(WorkloadExporters.MINIMAL_SPEC + "mode: daemonset\nhostPort: true\n");

        assertThat(daemonSetRollingUpdate(agent)).satisfies(update -> {
            assertThat(update.getMaxSurge()).isEqualTo(new IntOrString(1));
            assertThat(update.getMaxUnavailable()).isEqualTo(new IntOrString(0));
        });
        assertThat(daemonSetRollingUpdate(hostPortAgent)).satisfies(update -> {
            assertThat(update.getMaxSurge()).isNull();
            assertThat(update.getMaxUnavailable()).isEqualTo(new IntOrString(1));
        });
    }

    private static RollingUpdateDaemonSet daemonSetRollingUpdate(OtlpExporter exporter) {
        return DaemonSets.desired(ResolvedExporter.of(exporter, ExporterConfig.of(exporter), WorkloadExporters.IMAGE),
                WorkloadExporters.CONFIG_HASH, null).getSpec().getUpdateStrategy().getRollingUpdate();
    }

    @Test
    void profileSetsResourcesUnlessTheSpecDoes() {
        assertThat(resources(WorkloadExporters.minimal()).getLimits()).containsEntry("memory", new Quantity("512Mi"));
        assertThat(resources(Exporters.withSpec(WorkloadExporters.MINIMAL_SPEC + "profile: low-latency\n"))
                .getRequests()).containsEntry("cpu", new Quantity("500m"));

        OtlpExporter explicit = Exporters.withSpec(WorkloadExporters.MINIMAL_SPEC + """
                profile: high-throughput
                resources:
                  requests: {memory: 200Mi}
                """);
        assertThat(resources(explicit).getRequests()).containsExactlyEntriesOf(Map.of("memory", new Quantity("200Mi")));
        assertThat(resources(explicit).getLimits()).isNullOrEmpty();
    }

    @Test
    void podLabelsCannotTakeTheSelectorOrManagedByLabels() {
        OtlpExporter exporter = Exporters.withSpec(WorkloadExporters.MINIMAL_SPEC + """
                podLabels: {app.kubernetes.io/managed-by: someone-else, team: a}
                """);

        assertThat(desired(exporter, null).getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(Labels.common("gateway")).containsEntry("team", "a");
    }

    @Test
    void sameInputGivesAnEqualDeployment() {
        assertThat(desired(WorkloadExporters.rich(), null)).isEqualTo(desired(WorkloadExporters.rich(), null));
    }

    @Test
    void reconcilingItsOwnDeploymentChangesNothing() {
        for (OtlpExporter exporter : List.of(WorkloadExporters.rich(), WorkloadExporters.minimal())) {
            Deployment created = desired(exporter, null);
            Deployment actual = Serialization.clone(created);

            assertThat(desired(exporter, actual)).isEqualTo(created);
            assertThat(Serialization.asYaml(desired(exporter, actual))).isEqualTo(Serialization.asYaml(created));
        }
    }

    private static Deployment desired(OtlpExporter exporter, Deployment actual) {
        return Deployments.desired(WorkloadExporters.resolved(exporter), WorkloadExporters.CONFIG_HASH, actual);
    }

    /** The Secrets the model has the pods mount, whose data the config hash covers. */
    private static Set<String> secretMounts(OtlpExporter exporter) {
        return WorkloadExporters.resolved(exporter).pods().secretMounts().stream().map(SecretMount::secretName)
                .collect(Collectors.toSet());
    }

    private static Map<String, String> podAnnotations(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    }

    private static ResourceRequirements resources(OtlpExporter exporter) {
        return desired(exporter, null).getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Set<String> mountedSecrets(Deployment deployment) {
        Set<String> secrets = new HashSet<>();
        for (Volume volume : deployment.getSpec().getTemplate().getSpec().getVolumes()) {
            if (volume.getSecret() != null) {
                secrets.add(volume.getSecret().getSecretName());
            } else if (volume.getProjected() != null) {
                volume.getProjected().getSources().forEach(source -> secrets.add(source.getSecret().getName()));
            }
        }
        return secrets;
    }

    /**
     * Every file the container sees under its volume mounts, from the volumes' items (the ConfigMap's one key), those
     * of an optional projected source included: they exist while their Secret holds them.
     */
    private static Set<String> mountedFiles(Deployment deployment) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Set<String> files = new HashSet<>();
        for (VolumeMount mount : pod.getContainers().get(0).getVolumeMounts()) {
            Volume volume = volume(pod, mount.getName());
            if (volume.getSecret() != null) {
                volume.getSecret().getItems().forEach(item -> files.add(mount.getMountPath() + "/" + item.getPath()));
            } else if (volume.getProjected() != null) {
                volume.getProjected().getSources().forEach(source -> source.getSecret().getItems()
                        .forEach(item -> files.add(mount.getMountPath() + "/" + item.getPath())));
            } else if (volume.getConfigMap() != null) {
                assertThat(volume.getConfigMap().getName()).isEqualTo("gateway-config");
                files.add(mount.getMountPath() + "/" + MountPaths.CONFIG_KEY);
            }
        }
        return files;
    }

    private static RuntimeConfig withDrainTimeout(RuntimeConfig c, Duration drainTimeout) {
        QueueConfig q = c.queue();
        return new RuntimeConfig(c.otlp(), c.service(), c.performance(), c.authentication(), c.oauth2(), c.tls(),
                c.monitoring(), c.logging(), c.receiver(),
                new QueueConfig(q.maxItems(), q.maxBytes(), q.highWaterMark(), q.shutdownDelay(), drainTimeout, q.maxAge(),
                        q.persistence()));
    }
}
