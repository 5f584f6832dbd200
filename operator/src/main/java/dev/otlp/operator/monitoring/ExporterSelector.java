package dev.otlp.operator.monitoring;

import java.util.Map;

/** The labels that select one exporter's Service and pods (the contract's name and instance labels). */
final class ExporterSelector {

    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String NAME_VALUE = "otlp-exporter";
    static final String INSTANCE_LABEL = "app.kubernetes.io/instance";

    private ExporterSelector() {
    }

    static Map<String, String> of(String exporterName) {
        return Map.of(NAME_LABEL, NAME_VALUE, INSTANCE_LABEL, exporterName);
    }
}
