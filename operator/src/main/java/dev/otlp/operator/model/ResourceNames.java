package dev.otlp.operator.model;

/**
 * Names of the objects generated for the OtlpExporter named {@code X}. The Deployment, Service,
 * ServiceAccount, PodDisruptionBudget, HorizontalPodAutoscaler and ServiceMonitor are all named {@code X}.
 */
public final class ResourceNames {

    private ResourceNames() {
    }

    public static String deployment(String exporterName) {
        return exporterName;
    }

    /** The DaemonSet that takes the Deployment's place in mode daemonset. */
    public static String daemonSet(String exporterName) {
        return exporterName;
    }

    /** The StatefulSet that takes the Deployment's place in mode statefulset, or when the queue persists on claims. */
    public static String statefulSet(String exporterName) {
        return exporterName;
    }

    public static String service(String exporterName) {
        return exporterName;
    }

    /** Where applications in the cluster send OTLP/gRPC: the Service's {@code X.ns.svc:4317}. */
    public static String serviceEndpoint(String exporterName, String namespace) {
        return service(exporterName) + "." + namespace + ".svc:" + ExporterPorts.OTLP_GRPC;
    }

    public static String serviceAccount(String exporterName) {
        return exporterName;
    }

    public static String podDisruptionBudget(String exporterName) {
        return exporterName;
    }

    public static String networkPolicy(String exporterName) {
        return exporterName;
    }

    public static String horizontalPodAutoscaler(String exporterName) {
        return exporterName;
    }

    public static String scaledObject(String exporterName) {
        return exporterName;
    }

    public static String serviceMonitor(String exporterName) {
        return exporterName;
    }

    public static String podMonitor(String exporterName) {
        return exporterName;
    }

    /** The ConfigMap holding the rendered runtime configuration under {@link MountPaths#CONFIG_KEY}. */
    public static String configMap(String exporterName) {
        return exporterName + "-config";
    }

    /** The Secret the operator issues the receiver's certificate into when {@code receiver.tls.generate}. */
    public static String receiverTlsSecret(String exporterName) {
        return exporterName + "-receiver-tls";
    }

    /**
     * The Secret holding the CA that signs the certificate in {@link #receiverTlsSecret} when
     * {@code receiver.tls.generate}, with its private key: read by the operator only, never mounted.
     */
    public static String receiverCaSecret(String exporterName) {
        return exporterName + "-receiver-ca";
    }

    /**
     * The ConfigMap clients mount to trust the receiver when {@code receiver.tls.generate}: the CA's certificate
     * (no key) under {@code ca.crt}. Named as the CA's Secret, as trust-manager names the bundles it distributes.
     */
    public static String receiverCaConfigMap(String exporterName) {
        return exporterName + "-receiver-ca";
    }

    /** The Secret the operator keeps the receiver's API key in when {@code receiver.auth.apiKey.generate}. */
    public static String receiverApiKeySecret(String exporterName) {
        return exporterName + "-receiver-api-key";
    }

    /** The PrometheusRule. */
    public static String alerts(String exporterName) {
        return exporterName + "-alerts";
    }
}
