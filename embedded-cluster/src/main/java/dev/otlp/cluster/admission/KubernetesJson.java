package dev.otlp.cluster.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The JSON mapper that reads and writes Kubernetes objects the way fabric8's client does. */
public final class KubernetesJson {

    private KubernetesJson() {
    }

    /** @return a new mapper, configured by fabric8's {@link KubernetesSerialization} (which keeps its own private) */
    public static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        new KubernetesSerialization(mapper, true);
        return mapper;
    }
}
