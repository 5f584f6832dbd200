package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Secret the operator generates for an exporter. Its data is decided by the reconciler (kept
 * while still good, so reconciles do not rewrite it) and never logged.
 */
abstract class GeneratedSecretDependent extends OwnedDependent<Secret> {

    /** Each generated Secret carries its own component label, so each dependent's informer sees only its own. */
    static final String RECEIVER_TLS = "receiver-tls";
    static final String RECEIVER_CA = "receiver-ca";
    static final String RECEIVER_API_KEY = "receiver-api-key";
    static final String RECEIVER_TLS_SELECTOR = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + RECEIVER_TLS;
    static final String RECEIVER_CA_SELECTOR = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + RECEIVER_CA;
    static final String RECEIVER_API_KEY_SELECTOR = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + RECEIVER_API_KEY;

    GeneratedSecretDependent() {
        super(Secret.class);
    }

    protected abstract String component();

    protected abstract String type();

    /** Base64 values, as they stand in a Secret's {@code data}. */
    protected abstract Map<String, String> data(ExporterModel model);

    /**
     * The annotations with which {@link #desired} records how the data came to be (times, never a secret); none by
     * default.
     */
    protected Set<String> recordedAnnotations() {
        return Set.of();
    }

    @Override
    protected Secret desired(ExporterModel model, Context<OtlpExporter> context) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name(model.exporter()))
                .withNamespace(model.namespace())
                .withLabels(Labels.common(model.name()))
                .addToLabels(Labels.COMPONENT, component())
                .endMetadata()
                .withType(type())
                .withData(new TreeMap<>(data(model)))
                .build();
    }

    /**
     * Its data and recorded annotations exactly as decided: a key no longer wanted (the certificate of a CA that has
     * expired since it was replaced, a key that does not belong in this Secret, a previous API key whose grace period
     * is over) is removed, where JOSDK's matcher keeps any key or annotation only the object in the cluster has.
     */
    @Override
    public Matcher.Result<Secret> match(Secret actual, Secret desired, OtlpExporter exporter, Context<OtlpExporter> context) {
        if (!Objects.equals(actual.getData(), desired.getData()) || !recorded(actual).equals(recorded(desired))) {
            return Matcher.Result.computed(false, desired);
        }
        return super.match(actual, desired, exporter, context);
    }

    /** JOSDK's update adds the desired annotations to the actual ones: a recorded one no longer wanted goes first. */
    @Override
    public Secret update(Secret actual, Secret desired, OtlpExporter exporter, Context<OtlpExporter> context) {
        Secret pruned = new SecretBuilder(actual).build();
        Optional.ofNullable(pruned.getMetadata().getAnnotations()).ifPresent(annotations -> annotations.keySet()
                .removeIf(name -> recordedAnnotations().contains(name) && !recorded(desired).containsKey(name)));
        return super.update(pruned, desired, exporter, context);
    }

    private Map<String, String> recorded(Secret secret) {
        Map<String, String> recorded = new TreeMap<>(Optional.ofNullable(secret.getMetadata().getAnnotations()).orElse(Map.of()));
        recorded.keySet().retainAll(recordedAnnotations());
        return recorded;
    }
}
