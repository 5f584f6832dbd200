package dev.otlp.operator.render;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.runtime.config.RuntimeConfig;
import io.fabric8.kubernetes.api.model.Container;
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
public final class SidecarModel {

    public static final String CONTAINER_NAME = RuntimeContainer.Placement.SIDECAR.containerName();

    /** The container and volumes to add to the pod. */
    public record Injection(Container container, List<Volume> volumes) {
    }

    private SidecarModel() {
    }

    /** @param config the exporter's runtime configuration, as in its ConfigMap */
    public static Injection of(OtlpExporter exporter, String image, RuntimeConfig config) {
        return new Injection(RuntimeContainer.container(exporter, image, config, RuntimeContainer.Placement.SIDECAR),
                RuntimeContainer.volumes(exporter, RuntimeContainer.Placement.SIDECAR));
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
}
