package dev.otlp.operator.render;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;

/** The ServiceAccount {@code X} the exporter pods run as. The runtime never calls the Kubernetes API, so no token. */
public final class ServiceAccounts {

    private ServiceAccounts() {
    }

    public static ServiceAccount desired(OtlpExporter exporter) {
        String name = exporter.getMetadata().getName();
        return new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(ResourceNames.serviceAccount(name))
                .withNamespace(exporter.getMetadata().getNamespace())
                .withLabels(Labels.common(name))
                .endMetadata()
                .withAutomountServiceAccountToken(false)
                .build();
    }
}
