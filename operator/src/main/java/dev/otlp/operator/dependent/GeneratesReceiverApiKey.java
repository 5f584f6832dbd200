package dev.otlp.operator.dependent;

import dev.otlp.operator.model.ResolvedExporter;

/** {@code receiver.auth.apiKey.generate}: the operator keeps the receivers' API key. */
public class GeneratesReceiverApiKey extends ModelCondition {

    @Override
    protected boolean isMet(ResolvedExporter exporter) {
        return exporter.generatesReceiverApiKey();
    }
}
