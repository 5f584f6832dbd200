package dev.otlp.operator.monitoring;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;

import java.util.Map;
import java.util.TreeMap;

/**
 * The Prometheus Operator's resource types that the operator writes, and whether a cluster has them.
 * A cluster without them gets no ServiceMonitor, PodMonitor or PrometheusRule rather than failing reconciles.
 */
public final class MonitoringCrds {

    public static final String GROUP = "monitoring.coreos.com";
    public static final String VERSION = "v1";
    public static final String PROMETHEUS_RULES = "prometheusrules." + GROUP;
    public static final String SERVICE_MONITORS = "servicemonitors." + GROUP;
    public static final String POD_MONITORS = "podmonitors." + GROUP;
    public static final GroupVersionKind PROMETHEUS_RULE = new GroupVersionKind(GROUP, VERSION, "PrometheusRule");
    public static final GroupVersionKind SERVICE_MONITOR = new GroupVersionKind(GROUP, VERSION, "ServiceMonitor");
    public static final GroupVersionKind POD_MONITOR = new GroupVersionKind(GROUP, VERSION, "PodMonitor");

    private MonitoringCrds() {
    }

    /**
     * Whether the CRD named {@code crdName} (for example {@link #PROMETHEUS_RULES}) is installed.
     * Errors other than "not found", such as a missing RBAC grant, propagate: they are not an answer.
     */
    public static boolean present(KubernetesClient client, String crdName) {
        return client.apiextensions().v1().customResourceDefinitions().withName(crdName).get() != null;
    }

    /** A {@code monitoring.coreos.com/v1} object of {@code kind} holding {@code spec}. */
    static GenericKubernetesResource resource(GroupVersionKind kind, String name, String namespace,
                                              Map<String, String> labels, Map<String, Object> spec) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(GROUP + "/" + VERSION)
                .withKind(kind.getKind())
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(new TreeMap<>(labels))
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", spec))
                .build();
    }
}
