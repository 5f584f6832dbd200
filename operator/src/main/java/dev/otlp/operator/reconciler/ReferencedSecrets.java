package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.SecretReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The user's Secrets that exporters reference (upstream credentials, receiver TLS and keys). They
 * are watched, never cached or copied: a change to one re-triggers every exporter that references
 * it, whose status then says whether each is there with its keys. Their data stays out of the config
 * hash: the pods reload it from their mounted files.
 */
final class ReferencedSecrets {

    static final String NAME = "referenced-secrets";
    private static final String INDEX = "referenced-secret";

    private ReferencedSecrets() {
    }

    static ReferencedSecretWatch eventSource(EventSourceContext<OtlpExporter> context) {
        IndexerResourceCache<OtlpExporter> exporters = context.getPrimaryCache();
        exporters.addIndexer(INDEX, ReferencedSecrets::indexKeys);
        return new ReferencedSecretWatch(NAME, context.getClient(),
                context.getControllerConfiguration().getEffectiveNamespaces(),
                secret -> exporters.byIndex(INDEX, key(secret.getMetadata().getNamespace(), secret.getMetadata().getName())),
                () -> exporters.list().filter(exporter -> !indexKeys(exporter).isEmpty()).toList());
    }

    /**
     * The Secrets an exporter references, as index keys: their names only, read from the spec without
     * validating it, since the indexer runs on every event of every exporter, its status writes included.
     * An indexer that throws stops the informer for every exporter: a reference without a name or key
     * names nothing (see {@link dev.otlp.operator.model.SecretMounts}). A Secret an invalid spec names
     * re-triggers a reconcile that finds the spec still invalid and writes nothing new.
     */
    private static List<String> indexKeys(OtlpExporter exporter) {
        return ExporterModel.secretReferences(exporter).stream()
                .map(reference -> key(exporter.getMetadata().getNamespace(), reference.secretName()))
                .distinct().toList();
    }

    /**
     * Each Secret the exporter references, or empty where it does not exist, read from the API server
     * once per reconcile: no Secret is cached (see {@link ReferencedSecretWatch}).
     */
    static Map<SecretReference, Optional<Secret>> read(Context<OtlpExporter> context, OtlpExporter exporter) {
        Map<String, Optional<Secret>> byName = new HashMap<>();
        Map<SecretReference, Optional<Secret>> referenced = new LinkedHashMap<>();
        for (SecretReference reference : ExporterModel.secretReferences(exporter)) {
            referenced.put(reference, byName.computeIfAbsent(reference.secretName(), name -> Optional.ofNullable(
                    context.getClient().secrets().inNamespace(exporter.getMetadata().getNamespace()).withName(name).get())));
        }
        return referenced;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
