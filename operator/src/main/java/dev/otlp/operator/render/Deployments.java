package dev.otlp.operator.render;

import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.model.RuntimePods;
import dev.otlp.runtime.config.RuntimeConfig;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The Deployment {@code X} that runs the exporter runtime for the OtlpExporter {@code X}, and the pod
 * template it shares with {@link StatefulSets} and {@link DaemonSets}. A pure function of the resolved
 * exporter, the hash of what its pods read and the workload as it stands, with sorted maps, so that an
 * unchanged resource yields an equal Deployment and the operator writes nothing.
 */
public final class Deployments {

    /**
     * Pod-template annotation whose change rolls the pods: the hash of the config and of which Secret keys are mounted
     * ({@code ConfigHash}).
     */
    public static final String CONFIG_HASH_ANNOTATION = "otlp.dev/config-hash";
    /**
     * Deployment annotation listing, comma-separated, the pod annotations that came from
     * {@code spec.podAnnotations}: the next reconcile removes those the spec no longer has and keeps
     * every other annotation that someone else put on the pod template.
     */
    public static final String POD_ANNOTATIONS_ANNOTATION = "otlp.dev/pod-annotations";
    /** Annotations under this prefix belong to the operator. */
    static final String OPERATOR_ANNOTATION_PREFIX = "otlp.dev/";

    /** Time the pod gets after the runtime's shutdown delay and drain timeout before it is killed: JVM exit and slack. */
    static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(10);

    private Deployments() {
    }

    /**
     * @param configHash the hash of the rendered config and of every Secret the pods mount
     * @param actual     the Deployment as it stands, or null when it does not exist yet
     */
    public static Deployment desired(ResolvedExporter exporter, String configHash, Deployment actual) {
        Optional<DeploymentSpec> actualSpec = Optional.ofNullable(actual).map(Deployment::getSpec);
        return new DeploymentBuilder()
                .withMetadata(workloadMetadata(exporter, ResourceNames.deployment(exporter.name())))
                .withNewSpec()
                .withReplicas(exporter.scaling().workloadReplicas(actualSpec.map(DeploymentSpec::getReplicas).orElse(null)))
                .withNewSelector().withMatchLabels(Labels.selector(exporter.name())).endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                // Never below the wanted capacity while rolling: a pod stops only once its successor is ready.
                .withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0))
                .withMaxSurge(new IntOrString("25%"))
                .endRollingUpdate()
                .endStrategy()
                .withTemplate(podTemplate(exporter, configHash,
                        Optional.ofNullable(actual).map(Deployment::getMetadata).orElse(null),
                        actualSpec.map(DeploymentSpec::getTemplate).orElse(null)))
                .endSpec()
                .build();
    }

    /** The workload's own metadata: name, labels, and the list of pod annotations that came from the spec. */
    static ObjectMeta workloadMetadata(ResolvedExporter exporter, String name) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(exporter.namespace())
                .withLabels(Labels.common(exporter.name()))
                .withAnnotations(new TreeMap<>(Map.of(POD_ANNOTATIONS_ANNOTATION,
                        String.join(",", exporter.pods().annotations().keySet()))))
                .build();
    }

    /**
     * The runtime's pods, for a Deployment, a StatefulSet or a DaemonSet.
     *
     * @param actualMetadata the workload's metadata as it stands, or null
     * @param actualTemplate its pod template as it stands, or null
     */
    static PodTemplateSpec podTemplate(ResolvedExporter exporter, String configHash, ObjectMeta actualMetadata,
                                       PodTemplateSpec actualTemplate) {
        RuntimePods pods = exporter.pods();
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(podLabels(exporter.name(), pods))
                .withAnnotations(podAnnotations(pods, configHash, actualMetadata, actualTemplate))
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName(ResourceNames.serviceAccount(exporter.name()))
                .withAutomountServiceAccountToken(false)
                .withSecurityContext(podSecurityContext())
                .withTerminationGracePeriodSeconds(gracePeriodSeconds(exporter.config()))
                .withInitContainers(RuntimeContainer.configCheck(exporter, RuntimeContainer.Placement.OWN_PODS))
                .withContainers(RuntimeContainer.container(exporter, RuntimeContainer.Placement.OWN_PODS))
                .withVolumes(RuntimeContainer.volumes(exporter, RuntimeContainer.Placement.OWN_PODS))
                .withNodeSelector(pods.nodeSelector())
                .withTolerations(pods.tolerations())
                .withAffinity(pods.affinity())
                .endSpec()
                .build();
    }

    /**
     * {@code shutdown_delay} (unready, still taking data) + {@code drain_timeout} (refusing, delivering what is
     * held) + {@link #SHUTDOWN_MARGIN}, rounded up to whole seconds: the kubelet's SIGKILL never cuts the drain.
     */
    static long gracePeriodSeconds(RuntimeConfig config) {
        Duration grace = config.queue().shutdownDelay().plus(config.queue().drainTimeout()).plus(SHUTDOWN_MARGIN);
        return grace.getSeconds() + (grace.getNano() > 0 ? 1 : 0);
    }

    private static SortedMap<String, String> podLabels(String name, RuntimePods pods) {
        SortedMap<String, String> labels = new TreeMap<>(pods.labels());
        labels.putAll(Labels.common(name));
        return labels;
    }

    /**
     * The annotations others put on the actual pod template ({@code kubectl rollout restart}'s
     * {@code kubectl.kubernetes.io/restartedAt}, for one), then {@code spec.podAnnotations}, then the config hash.
     */
    private static SortedMap<String, String> podAnnotations(RuntimePods pods, String configHash,
                                                            ObjectMeta actualMetadata, PodTemplateSpec actualTemplate) {
        SortedMap<String, String> annotations = new TreeMap<>();
        if (actualTemplate != null) {
            Set<String> fromSpecBefore = previousPodAnnotationKeys(actualMetadata);
            Optional.of(actualTemplate).map(PodTemplateSpec::getMetadata).map(ObjectMeta::getAnnotations)
                    .ifPresent(existing -> existing.forEach((key, value) -> {
                        if (!key.startsWith(OPERATOR_ANNOTATION_PREFIX) && !fromSpecBefore.contains(key)) {
                            annotations.put(key, value);
                        }
                    }));
        }
        annotations.putAll(pods.annotations());
        annotations.put(CONFIG_HASH_ANNOTATION, configHash);
        return annotations;
    }

    private static Set<String> previousPodAnnotationKeys(ObjectMeta deploymentMetadata) {
        String keys = Optional.ofNullable(deploymentMetadata).map(ObjectMeta::getAnnotations)
                .map(annotations -> annotations.get(POD_ANNOTATIONS_ANNOTATION)).orElse("");
        return Arrays.stream(keys.split(",")).filter(key -> !key.isEmpty()).collect(Collectors.toSet());
    }

    private static PodSecurityContext podSecurityContext() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(RuntimeContainer.RUN_AS)
                .withRunAsGroup(RuntimeContainer.RUN_AS)
                .withFsGroup(RuntimeContainer.RUN_AS)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }
}
