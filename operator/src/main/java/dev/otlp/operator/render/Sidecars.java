package dev.otlp.operator.render;

import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.runtime.config.RuntimeConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Volume;

import java.util.ArrayList;
import java.util.List;

/**
 * What a mode-sidecar exporter adds to an application's pod: the runtime's container, listening for
 * OTLP on the pod's loopback, and the volumes of its config and Secrets (the exporter's ConfigMap and
 * Secrets in the pod's namespace, read when the container starts: a changed configuration reaches
 * a pod when it is restarted). The container has no readiness probe, so an upstream outage never
 * takes the application out of its Services.
 */
public final class Sidecars {

    public static final String CONTAINER_NAME = RuntimeContainer.Placement.SIDECAR.containerName();
    /** On an injected pod: how the runtime joined it, {@code native} or {@code container} ({@link Kind}). */
    public static final String KIND_ANNOTATION = "otlp.dev/sidecar-kind";

    /** How the runtime joins a pod. */
    public enum Kind {
        /**
         * An init container with {@code restartPolicy: Always} (Kubernetes 1.29 and later): it is up
         * before the application's containers start, is stopped only after they have ended, so it
         * drains what they sent last, and a Job's pod completes when its application does.
         */
        NATIVE("native"),
        /** A container beside the application's, for API servers that have no native sidecars. */
        CONTAINER("container");

        private final String annotationValue;

        Kind(String annotationValue) {
            this.annotationValue = annotationValue;
        }

        /** The value of {@link #KIND_ANNOTATION}. */
        public String annotationValue() {
            return annotationValue;
        }
    }

    /** The container, the way it joins the pod, and the volumes to add to the pod. */
    public record Injection(Kind kind, Container container, List<Volume> volumes) {
    }

    private Sidecars() {
    }

    public static Injection of(ResolvedExporter exporter, Kind kind) {
        Container container = RuntimeContainer.container(exporter, RuntimeContainer.Placement.SIDECAR);
        if (kind == Kind.NATIVE) {
            container = new ContainerBuilder(container).withRestartPolicy("Always").build();
        }
        return new Injection(kind, container, RuntimeContainer.volumes(exporter, RuntimeContainer.Placement.SIDECAR));
    }

    /** The ports the runtime takes in the pod's network namespace, which no application container may also use. */
    public static List<Integer> ports(RuntimeConfig config) {
        List<Integer> ports = new ArrayList<>(List.of(config.receiver().grpcPort(), config.receiver().httpPort(),
                config.monitoring().metricsPort(), config.monitoring().healthCheckPort()));
        if (config.monitoring().enableProfiling()) {
            ports.add(config.monitoring().profilingPort());
        }
        return ports;
    }

    /** The names of the runtime's ports, which no application container may also use. */
    public static List<String> portNames() {
        return RuntimeContainer.Placement.SIDECAR.ports().all();
    }
}
