package dev.otlp.operator.api;

/**
 * Bounds for the integers of Kubernetes' own types that the spec embeds ({@code affinity}, {@code tolerations}), whose
 * schemas come from fabric8's model without any: an API server checks them at admission, so a value the Java model
 * cannot hold never reaches the informer. The operator checks them again ({@code SchemaCheck}).
 */
public final class KubernetesTypeBounds {

    /** The weight of a preferred scheduling term: Kubernetes' own validation accepts 1-100. */
    public static final int MIN_WEIGHT = 1;
    public static final int MAX_WEIGHT = 100;

    /**
     * How long a pod stays on a node tainted NoExecute: Kubernetes takes any int64, and a value past a year means
     * "forever", which leaving {@code tolerationSeconds} out says. A year also keeps the bound exact in the CRD's
     * numbers, which a maximum near 2^63 would not be.
     */
    public static final long MAX_TOLERATION_SECONDS = 365L * 24 * 3600;

    private KubernetesTypeBounds() {
    }
}
