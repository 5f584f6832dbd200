package dev.otlp.operator.model;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The labels on every object generated for an OtlpExporter, and the subset that selects its pods. */
public final class Labels {

    public static final String NAME = "app.kubernetes.io/name";
    public static final String NAME_VALUE = "otlp-exporter";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "otlp-fleet-operator";
    public static final String COMPONENT = "app.kubernetes.io/component";
    /** On an application pod: the mode-sidecar exporter it asks for, by name, or {@code "true"} for its namespace's only one. */
    public static final String INJECT_ANNOTATION = "otlp.dev/inject";
    /** On an application pod the runtime was injected into: the exporter's name, so that its status counts the pod. */
    public static final String SIDECAR_OF = "otlp.dev/sidecar-of";
    /** Restricts the operator's informers to the objects it manages. */
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;

    private Labels() {
    }

    /** The name, instance and managed-by labels of every generated object. */
    public static SortedMap<String, String> common(String exporterName) {
        SortedMap<String, String> labels = new TreeMap<>(selector(exporterName));
        labels.put(MANAGED_BY, MANAGED_BY_VALUE);
        return Collections.unmodifiableSortedMap(labels);
    }

    /** The name and instance labels that select one exporter's pods. */
    public static SortedMap<String, String> selector(String exporterName) {
        SortedMap<String, String> labels = new TreeMap<>();
        labels.put(NAME, NAME_VALUE);
        labels.put(INSTANCE, exporterName);
        return Collections.unmodifiableSortedMap(labels);
    }

    /** {@link #selector} as a label selector string, as the scale subresource's {@code status.selector} wants it. */
    public static String selectorString(String exporterName) {
        return selector(exporterName).entrySet().stream()
                .map(label -> label.getKey() + "=" + label.getValue())
                .collect(Collectors.joining(","));
    }
}
