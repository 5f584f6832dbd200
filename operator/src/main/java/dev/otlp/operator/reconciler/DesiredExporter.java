package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.monitoring.AlertThresholds;
import dev.otlp.operator.secrets.ReceiverTlsSecrets;
import dev.otlp.runtime.config.RuntimeConfig;
import io.javaoperatorsdk.operator.api.reconciler.Context;

import java.util.Map;

/**
 * Everything one reconcile decided about an exporter before any object is written: the rendered
 * runtime configuration, the generated Secrets' data and the hash the pods carry. Computed once in
 * the reconciler, read by every dependent's {@code desired()}.
 *
 * @param receiverTls    data of {@code X-receiver-tls} and {@code X-receiver-ca} (base64 values), or null when not
 *                       generated
 * @param receiverApiKey data of {@code X-receiver-api-key} (base64 values), or null when not generated
 * @param certificateRenewed whether this reconcile replaces an existing receiver certificate
 */
public record DesiredExporter(
        OtlpExporter exporter,
        RuntimeConfig config,
        String configToml,
        String configHash,
        String image,
        ReceiverTlsSecrets receiverTls,
        Map<String, String> receiverApiKey,
        AlertThresholds alertThresholds,
        boolean certificateRenewed) {

    private static final String KEY = DesiredExporter.class.getName();

    public static DesiredExporter of(Context<OtlpExporter> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, DesiredExporter.class);
    }

    void storeIn(Context<OtlpExporter> context) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, this);
    }
}
