package dev.otlp.operator.render;

import dev.otlp.operator.api.AutoscalingSpec;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.model.ExporterPorts;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.MountPaths;
import dev.otlp.operator.model.ProfileResources;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.model.RuntimeHeap;
import dev.otlp.operator.model.SecretMount;
import dev.otlp.operator.model.SecretMounts;
import dev.otlp.runtime.config.RuntimeConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Deployment {@code X} that runs the exporter runtime for the OtlpExporter {@code X}, and the pod
 * template it shares with {@link StatefulSets}. A pure function of the resource, its rendered
 * configuration and the workload as it stands, with sorted maps, so that an unchanged resource yields
 * an equal Deployment and the operator writes nothing.
 */
public final class Deployments {

    /** Pod-template annotation whose change rolls the pods: the hash of the config and every mounted Secret. */
    public static final String CONFIG_HASH_ANNOTATION = "otlp.dev/config-hash";
    /**
     * Deployment annotation listing, comma-separated, the pod annotations that came from
     * {@code spec.podAnnotations}: the next reconcile removes those the spec no longer has and keeps
     * every other annotation that someone else put on the pod template.
     */
    public static final String POD_ANNOTATIONS_ANNOTATION = "otlp.dev/pod-annotations";
    /** Annotations under this prefix belong to the operator. */
    static final String OPERATOR_ANNOTATION_PREFIX = "otlp.dev/";

    /** Time the pod gets after the runtime's drain timeout before it is killed: JVM exit and slack. */
    static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(10);

    private Deployments() {
    }

    /**
     * @param image      the runtime image: {@code spec.image}, else the operator's default
     * @param configHash the hash of the rendered config and of every Secret in {@link #secretNames}
     * @param config     the runtime configuration rendered into the ConfigMap
     * @param actual     the Deployment as it stands, or null when it does not exist yet
     */
    public static Deployment desired(OtlpExporter exporter, String image, String configHash, RuntimeConfig config,
                                     Deployment actual) {
        String name = exporter.getMetadata().getName();
        OtlpExporterSpec spec = Optional.ofNullable(exporter.getSpec()).orElseGet(OtlpExporterSpec::new);
        return new DeploymentBuilder()
                .withMetadata(workloadMetadata(exporter, ResourceNames.deployment(name)))
                .withNewSpec()
                .withReplicas(replicas(spec, Optional.ofNullable(actual).map(Deployment::getSpec)
                        .map(DeploymentSpec::getReplicas).orElse(null)))
                .withNewSelector().withMatchLabels(Labels.selector(name)).endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                // Never below the wanted capacity while rolling: a pod stops only once its successor is ready.
                .withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0))
                .withMaxSurge(new IntOrString("25%"))
                .endRollingUpdate()
                .endStrategy()
                .withTemplate(podTemplate(exporter, image, configHash, config,
                        Optional.ofNullable(actual).map(Deployment::getMetadata).orElse(null),
                        Optional.ofNullable(actual).map(Deployment::getSpec).map(DeploymentSpec::getTemplate).orElse(null)))
                .endSpec()
                .build();
    }

    /** The workload's own metadata: name, labels, and the list of pod annotations that came from the spec. */
    static ObjectMeta workloadMetadata(OtlpExporter exporter, String name) {
        OtlpExporterSpec spec = Optional.ofNullable(exporter.getSpec()).orElseGet(OtlpExporterSpec::new);
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(exporter.getMetadata().getNamespace())
                .withLabels(Labels.common(exporter.getMetadata().getName()))
                .withAnnotations(new TreeMap<>(Map.of(POD_ANNOTATIONS_ANNOTATION, podAnnotationKeys(spec))))
                .build();
    }

    /**
     * The runtime's pods, for a Deployment or a StatefulSet.
     *
     * @param actualMetadata the workload's metadata as it stands, or null
     * @param actualTemplate its pod template as it stands, or null
     */
    static PodTemplateSpec podTemplate(OtlpExporter exporter, String image, String configHash, RuntimeConfig config,
                                       ObjectMeta actualMetadata, PodTemplateSpec actualTemplate) {
        String name = exporter.getMetadata().getName();
        OtlpExporterSpec spec = Optional.ofNullable(exporter.getSpec()).orElseGet(OtlpExporterSpec::new);
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(podLabels(name, spec))
                .withAnnotations(podAnnotations(spec, configHash, actualMetadata, actualTemplate))
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName(ResourceNames.serviceAccount(name))
                .withAutomountServiceAccountToken(false)
                .withSecurityContext(podSecurityContext())
                .withTerminationGracePeriodSeconds(gracePeriodSeconds(config))
                .withContainers(RuntimeContainer.container(exporter, image, config, RuntimeContainer.Placement.OWN_PODS))
                .withVolumes(RuntimeContainer.volumes(exporter, RuntimeContainer.Placement.OWN_PODS))
                .withNodeSelector(spec.getNodeSelector() == null ? null : new TreeMap<>(spec.getNodeSelector()))
                .withTolerations(spec.getTolerations())
                .withAffinity(spec.getAffinity())
                .endSpec()
                .build();
    }

    /** Every Secret the pods mount, generated or referenced: what the config hash and the missing-Secret check cover. */
    public static SortedSet<String> secretNames(OtlpExporter exporter) {
        return SecretMounts.of(exporter).stream().map(SecretMount::secretName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * {@code spec.replicas} (default 1); while autoscaling is set, the HPA's current count, so the
     * operator never undoes a scaling decision ({@code minReplicas} when the Deployment is new).
     */
    static int replicas(OtlpExporterSpec spec, Integer actualReplicas) {
        AutoscalingSpec autoscaling = spec.getAutoscaling();
        if (autoscaling == null) {
            return Optional.ofNullable(spec.getReplicas()).orElse(1);
        }
        return Optional.ofNullable(actualReplicas)
                .orElseGet(() -> Optional.ofNullable(autoscaling.getMinReplicas())
                        .orElse(HorizontalPodAutoscalers.DEFAULT_MIN_REPLICAS));
    }

    static long gracePeriodSeconds(RuntimeConfig config) {
        Duration grace = config.queue().drainTimeout().plus(SHUTDOWN_MARGIN);
        return grace.getSeconds() + (grace.getNano() > 0 ? 1 : 0);
    }

    private static SortedMap<String, String> podLabels(String name, OtlpExporterSpec spec) {
        SortedMap<String, String> labels = new TreeMap<>();
        Optional.ofNullable(spec.getPodLabels()).ifPresent(labels::putAll);
        labels.putAll(Labels.common(name));
        return labels;
    }

    private static String podAnnotationKeys(OtlpExporterSpec spec) {
        return Optional.ofNullable(spec.getPodAnnotations()).map(Map::keySet).stream().flatMap(Set::stream)
                .sorted().collect(Collectors.joining(","));
    }

    /**
     * The annotations others put on the actual pod template ({@code kubectl rollout restart}'s
     * {@code kubectl.kubernetes.io/restartedAt}, for one), then {@code spec.podAnnotations}, then the config hash.
     */
    private static SortedMap<String, String> podAnnotations(OtlpExporterSpec spec, String configHash,
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
        Optional.ofNullable(spec.getPodAnnotations()).ifPresent(annotations::putAll);
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
