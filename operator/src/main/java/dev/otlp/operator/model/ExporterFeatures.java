package dev.otlp.operator.model;

import dev.otlp.operator.api.AlertsSpec;
import dev.otlp.operator.api.MonitoringSpec;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.PodMonitorOptions;
import dev.otlp.operator.api.ReceiverApiKeySpec;
import dev.otlp.operator.api.ReceiverAuthSpec;
import dev.otlp.operator.api.ReceiverSpec;
import dev.otlp.operator.api.ReceiverTlsSpec;
import dev.otlp.operator.api.ServiceMonitorOptions;
import java.util.Optional;

/** The optional parts of an exporter that its spec switches on, read through its optional fields. */
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

    public static boolean wantsServiceMonitor(OtlpExporter exporter) {
        return monitoring(exporter).map(MonitoringSpec::getServiceMonitor).map(ServiceMonitorOptions::getEnabled)
                .orElse(false);
    }

    public static boolean wantsPodMonitor(OtlpExporter exporter) {
        return monitoring(exporter).map(MonitoringSpec::getPodMonitor).map(PodMonitorOptions::getEnabled)
                .orElse(false);
    }

    public static boolean wantsAlerts(OtlpExporter exporter) {
        return alerts(exporter).map(AlertsSpec::getEnabled).orElse(false);
    }

    public static Optional<AlertsSpec> alerts(OtlpExporter exporter) {
        return monitoring(exporter).map(MonitoringSpec::getAlerts);
    }

    private static Optional<ReceiverSpec> receiver(OtlpExporter exporter) {
        return Optional.ofNullable(exporter.getSpec()).map(spec -> spec.getReceiver());
    }

    private static Optional<MonitoringSpec> monitoring(OtlpExporter exporter) {
        return Optional.ofNullable(exporter.getSpec()).map(spec -> spec.getMonitoring());
    }
}
