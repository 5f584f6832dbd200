package dev.otlp.operator.dependent;

import dev.otlp.operator.model.ResolvedExporter;

/** {@code receiver.tls.generate}: the operator issues the receivers' certificate and its CA. */
public class GeneratesReceiverTls extends ModelCondition {

    @Override
    protected boolean isMet(ResolvedExporter exporter) {
        return exporter.generatesReceiverTls();
    }
}
