package dev.otlp.operator.dependent;

import dev.otlp.operator.model.ResolvedExporter;

/** {@code spec.networkPolicy.enabled}. */
public class WantsNetworkPolicy extends ModelCondition {

    @Override
    protected boolean isMet(ResolvedExporter exporter) {
        return exporter.networkPolicy().isPresent();
    }
}
