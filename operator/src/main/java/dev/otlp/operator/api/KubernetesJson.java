package dev.otlp.operator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Kubernetes objects as JSON, read and written the way fabric8's client does. */
public final class KubernetesJson {

    /** Configured by fabric8's {@link KubernetesSerialization}, which keeps its own mapper private; thread-safe. */
    public static final ObjectMapper MAPPER = configuredByFabric8(new ObjectMapper());

    private KubernetesJson() {
    }

    private static ObjectMapper configuredByFabric8(ObjectMapper mapper) {
        new KubernetesSerialization(mapper, true);
        return mapper;
    }
}
