package dev.otlp.operator.model;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.ReceiverApiKeySpec;
import dev.otlp.operator.api.ReceiverAuthSpec;
import dev.otlp.operator.api.ReceiverSpec;
import dev.otlp.operator.api.ReceiverTlsSpec;
import java.util.Optional;

/** The Secrets the operator generates for an exporter, and whether its listeners serve TLS, as its spec switches them on. */
public final class ExporterFeatures {

    private ExporterFeatures() {
    }

    public static boolean generatesReceiverTls(OtlpExporter exporter) {
        return receiver(exporter).map(ReceiverSpec::getTls).map(ReceiverTlsSpec::getGenerate).orElse(false);
    }

    /** Whether the listeners serve TLS: a generated certificate or the user's Secret. */
    public static boolean servesTls(ReceiverTlsSpec tls) {
        return Boolean.TRUE.equals(tls.getGenerate()) || tls.getSecretRef() != null;
    }

    public static boolean generatesReceiverApiKey(OtlpExporter exporter) {
        return receiver(exporter).map(ReceiverSpec::getAuth).map(ReceiverAuthSpec::getApiKey)
                .map(ReceiverApiKeySpec::getGenerate).orElse(false);
    }

    private static Optional<ReceiverSpec> receiver(OtlpExporter exporter) {
        return Optional.ofNullable(exporter.getSpec()).map(spec -> spec.getReceiver());
    }
}
