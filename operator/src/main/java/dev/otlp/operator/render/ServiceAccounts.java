package dev.otlp.operator.render;

import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;

/** The ServiceAccount {@code X} the exporter pods run as. The runtime never calls the Kubernetes API, so no token. */
public final class ServiceAccounts {

    private ServiceAccounts() {
    }

    public static ServiceAccount desired(ResolvedExporter exporter) {
        String name = exporter.name();
        return new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(ResourceNames.serviceAccount(name))
                .withNamespace(exporter.namespace())
                .withLabels(Labels.common(name))
                .endMetadata()
                .withAutomountServiceAccountToken(false)
                .build();
    }
}
