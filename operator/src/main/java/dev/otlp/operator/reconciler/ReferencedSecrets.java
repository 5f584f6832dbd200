package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.render.SecretReference;
import dev.otlp.operator.render.DeploymentModel;
import dev.otlp.operator.render.SpecValidation;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The user's Secrets that exporters reference (upstream credentials, receiver TLS and keys). They
 * are watched, never copied: a change to one re-triggers every exporter that references it, and
 * its data goes into the config hash so the pods roll.
 */
final class ReferencedSecrets {

    static final String NAME = "referenced-secrets";
    private static final String INDEX = "referenced-secret";

    private ReferencedSecrets() {
    }

    static InformerEventSource<Secret, OtlpExporter> eventSource(EventSourceContext<OtlpExporter> context) {
        context.getPrimaryCache().addIndexer(INDEX, ReferencedSecrets::indexKeys);
        var configuration = InformerEventSourceConfiguration.from(Secret.class, OtlpExporter.class)
                .withName(NAME)
                .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                        .byIndex(INDEX, key(secret.getMetadata().getNamespace(), secret.getMetadata().getName()))
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    /**
     * The Secrets an exporter references, as index keys. An indexer that throws stops the informer
     * for every exporter, so an invalid spec (its references unusable until it is fixed, when the
     * edit itself triggers a reconcile) references none.
     */
    private static List<String> indexKeys(OtlpExporter exporter) {
        if (!SpecValidation.problems(exporter).isEmpty()) {
            return List.of();
        }
        return DeploymentModel.secretReferences(exporter).stream()
                .map(reference -> key(exporter.getMetadata().getNamespace(), reference.secretName()))
                .distinct().toList();
    }

    static Optional<Secret> find(Context<OtlpExporter> context, OtlpExporter exporter, SecretReference reference) {
        var secrets = (InformerEventSource<Secret, OtlpExporter>)
                context.eventSourceRetriever().getEventSourceFor(Secret.class, NAME);
        return secrets.get(new ResourceID(reference.secretName(), exporter.getMetadata().getNamespace()));
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
