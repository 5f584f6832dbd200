package dev.otlp.operator.render;

import dev.otlp.operator.model.MountPaths;
import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.model.RuntimePods;
import dev.otlp.operator.model.SecretMount;
import dev.otlp.runtime.config.RuntimeConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * The exporter runtime's container and the volumes it mounts: its config from the ConfigMap
 * {@code X-config}, the Secrets of {@link RuntimePods#secretMounts}, a writable {@code /tmp}. The same container
 * runs in the exporter's own pods and, renamed, with its own port names and without a readiness probe,
 * in applications' pods. In its own pods an init container of the same image checks the config first
 * ({@link #configCheck}).
 */
public final class RuntimeContainer {

    /** Names of the container's ports; the Service targets them by name. */
    public static final String OTLP_GRPC_PORT = "otlp-grpc";
    public static final String OTLP_HTTP_PORT = "otlp-http";
    public static final String METRICS_PORT = "metrics";
    public static final String HEALTH_PORT = "health";

    static final int CONFIG_FILE_MODE = 0644;
    static final String TMP_DIR = "/tmp";
    static final Quantity TMP_SIZE_LIMIT = new Quantity("64Mi");
    private static final String CONFIG_VOLUME = "config";
    private static final String TMP_VOLUME = "tmp";
    static final long RUN_AS = 65532L;

    /**
     * Where the container runs.
     *
     * @param containerName  its name in the pod
     * @param volumePrefix   before each of its volumes' names, to keep clear of an application's
     * @param ports          the names of its ports
     * @param readinessProbe whether the pod's readiness waits for the runtime's {@code /ready}
     * @param secretFileMode Secret files' mode: in its own pods owner (root) and the pod's fsGroup, which
     *                       the runtime runs in, read them; in an application's pod, whose fsGroup is
     *                       not the runtime's, every user may, while only this container mounts them
     * @param ownIdentity    whether the container sets its user and group itself, as the pod does not
     */
    public record Placement(String containerName, String volumePrefix, PortNames ports, boolean readinessProbe,
                            int secretFileMode, boolean ownIdentity) {

        public static final Placement OWN_PODS = new Placement("exporter", "", new PortNames(OTLP_GRPC_PORT, OTLP_HTTP_PORT,
                METRICS_PORT, HEALTH_PORT), true, 0440, false);
        /** In an application's pod, whose own ports are often named {@code metrics} and {@code health}. */
        public static final Placement SIDECAR = new Placement("otlp-exporter", "otlp-exporter-", new PortNames(OTLP_GRPC_PORT,
                OTLP_HTTP_PORT, "otlp-metrics", "otlp-health"), false, 0444, true);
    }

    /** The names of the container's ports (at most 15 characters each, as Kubernetes wants). */
    public record PortNames(String otlpGrpc, String otlpHttp, String metrics, String health) {

        public List<String> all() {
            return List.of(otlpGrpc, otlpHttp, metrics, health);
        }
    }

    /** The init container that runs {@code --check-config}; its name is what the status looks for. */
    public static final String CONFIG_CHECK_CONTAINER = "check-config";
    /** One JVM that reads a TOML file and a few PEM files: far below any profile's runtime. */
    private static final ResourceRequirements CONFIG_CHECK_RESOURCES = new ResourceRequirementsBuilder()
            .addToRequests("cpu", new Quantity("50m"))
            .addToRequests("memory", new Quantity("96Mi"))
            .addToLimits("memory", new Quantity("192Mi"))
            .build();

    private RuntimeContainer() {
    }

    /**
     * The pod's own image, with the pod's env and mounts, checking the mounted config and the files it names
     * before the runtime starts: a config this version refuses stops the pod at Init, while the pods of the
     * previous version keep serving ({@code maxUnavailable: 0}). The problems it prints, one
     * {@code <key>: <message>} line each, become the container's termination message, which the status shows.
     */
    public static Container configCheck(ResolvedExporter exporter, Placement placement) {
        return new ContainerBuilder()
                .withName(CONFIG_CHECK_CONTAINER)
                .withImage(exporter.pods().image())
                .withImagePullPolicy("IfNotPresent")
                .withArgs("--check-config", "--config", MountPaths.CONFIG_FILE)
                .withEnv(exporter.pods().env())
                .withResources(CONFIG_CHECK_RESOURCES)
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withSecurityContext(securityContext(placement))
                .withVolumeMounts(volumeMounts(exporter, placement))
                .build();
    }

    /** The container; its ports are the listeners of the runtime configuration its ConfigMap holds. */
    public static Container container(ResolvedExporter exporter, Placement placement) {
        RuntimeConfig config = exporter.config();
        ContainerBuilder container = new ContainerBuilder()
                .withName(placement.containerName())
                .withImage(exporter.pods().image())
                .withImagePullPolicy("IfNotPresent")
                .withArgs("--config", MountPaths.CONFIG_FILE)
                .withPorts(
                        port(placement.ports().otlpGrpc(), config.receiver().grpcPort()),
                        port(placement.ports().otlpHttp(), config.receiver().httpPort()),
                        port(placement.ports().metrics(), config.monitoring().metricsPort()),
                        port(placement.ports().health(), config.monitoring().healthCheckPort()))
                .withEnv(exporter.pods().env())
                .withResources(exporter.pods().resources())
                // The JVM may start slowly on a small CPU share: liveness only begins once /health has answered.
                .withStartupProbe(httpProbe("/health", placement, 2, 2, 30))
                .withLivenessProbe(httpProbe("/health", placement, 10, 2, 3))
                .withSecurityContext(securityContext(placement))
                .withVolumeMounts(volumeMounts(exporter, placement));
        if (placement.readinessProbe()) {
            // /ready turns false while the queue is above its high-water mark: leave the Service quickly.
            container.withReadinessProbe(httpProbe("/ready", placement, 5, 2, 2));
        }
        return container.build();
    }

    public static List<Volume> volumes(ResolvedExporter exporter, Placement placement) {
        String name = exporter.name();
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName(placement.volumePrefix() + CONFIG_VOLUME)
                .withNewConfigMap().withName(ResourceNames.configMap(name)).withDefaultMode(CONFIG_FILE_MODE).endConfigMap()
                .build());
        volumes.add(new VolumeBuilder().withName(placement.volumePrefix() + TMP_VOLUME)
                .withNewEmptyDir().withSizeLimit(TMP_SIZE_LIMIT).endEmptyDir()
                .build());
        QueueVolume.emptyDir(exporter).ifPresent(volumes::add);
        exporter.pods().secretMounts().forEach(secret -> volumes.add(secretVolume(secret, placement)));
        return volumes;
    }

    private static ContainerPort port(String name, int number) {
        return new ContainerPortBuilder().withName(name).withContainerPort(number).withProtocol("TCP").build();
    }

    private static Probe httpProbe(String path, Placement placement, int periodSeconds, int timeoutSeconds,
                                   int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString(placement.ports().health())).withScheme("HTTP")
                .endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(timeoutSeconds)
                .withSuccessThreshold(1)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    private static SecurityContext securityContext(Placement placement) {
        SecurityContextBuilder context = new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities();
        if (placement.ownIdentity()) {
            context.withRunAsUser(RUN_AS).withRunAsGroup(RUN_AS)
                    .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile();
        }
        return context.build();
    }

    private static List<VolumeMount> volumeMounts(ResolvedExporter exporter, Placement placement) {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(readOnly(placement.volumePrefix() + CONFIG_VOLUME, MountPaths.CONFIG_DIR));
        // The JVM and zstd-jni's native library need a writable /tmp under the read-only root.
        mounts.add(new VolumeMountBuilder().withName(placement.volumePrefix() + TMP_VOLUME).withMountPath(TMP_DIR).build());
        QueueVolume.mount(exporter).ifPresent(mounts::add);
        exporter.pods().secretMounts().forEach(secret -> mounts.add(
                readOnly(placement.volumePrefix() + secret.volumeName(), secret.directory())));
        return mounts;
    }

    private static VolumeMount readOnly(String volume, String directory) {
        String path = directory.endsWith("/") ? directory.substring(0, directory.length() - 1) : directory;
        return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(true).build();
    }

    /**
     * The Secret's files, updated in place when it changes (no {@code subPath}). Keys the Secret may lack come from a
     * second, optional source of a projected volume, so the required ones still keep a pod from starting without them.
     */
    private static Volume secretVolume(SecretMount secret, Placement placement) {
        VolumeBuilder volume = new VolumeBuilder().withName(placement.volumePrefix() + secret.volumeName());
        if (secret.optionalKeys().isEmpty()) {
            return volume.withNewSecret()
                    .withSecretName(secret.secretName())
                    .withItems(items(secret.keys(), secret.paths()))
                    .withDefaultMode(placement.secretFileMode())
                    .endSecret()
                    .build();
        }
        return volume.withNewProjected()
                .addNewSource().withNewSecret().withName(secret.secretName())
                .withItems(items(secret.keys(), secret.paths())).endSecret().endSource()
                .addNewSource().withNewSecret().withName(secret.secretName()).withOptional(true)
                .withItems(items(secret.optionalKeys(), secret.optionalPaths())).endSecret().endSource()
                .withDefaultMode(placement.secretFileMode())
                .endProjected()
                .build();
    }

    private static List<KeyToPath> items(List<String> keys, List<String> paths) {
        List<KeyToPath> items = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            items.add(new KeyToPath(keys.get(i), null, paths.get(i)));
        }
        return items;
    }
}
