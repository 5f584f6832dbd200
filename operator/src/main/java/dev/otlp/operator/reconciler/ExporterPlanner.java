package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel.GeneratedSecretData;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.secrets.ServiceCertificates;
import dev.otlp.runtime.config.RuntimeConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;

import java.time.Clock;
import java.util.Map;

/**
 * Builds the reconcile's {@link ExporterModel}, handing it the runtime configuration and the Secrets the operator
 * generated before.
 */
final class ExporterPlanner {

    private final String defaultImage;
    private final Clock clock;
    private final ServiceCertificates certificates = new ServiceCertificates();

    ExporterPlanner(String defaultImage, Clock clock) {
        this.defaultImage = defaultImage;
        this.clock = clock;
    }

    /**
     * @param config the runtime configuration the reconcile's validation loaded the exporter into
     */
    ExporterModel plan(OtlpExporter exporter, RuntimeConfig config, Context<OtlpExporter> context) {
        GeneratedSecretData generated = new GeneratedSecretData(generated(context, GeneratedSecrets.RECEIVER_TLS),
                generated(context, GeneratedSecrets.RECEIVER_CA),
                context.getSecondaryResource(Secret.class, GeneratedSecrets.RECEIVER_API_KEY).orElse(null));
        return ExporterModel.of(exporter, config, defaultImage, generated, certificates, clock.instant());
    }

    private static Map<String, String> generated(Context<OtlpExporter> context, String dependent) {
        return context.getSecondaryResource(Secret.class, dependent).map(Secret::getData).orElse(null);
    }
}
