package dev.otlp.operator.model;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.api.TuningProfile;
import dev.otlp.runtime.config.ConfigLoadResult;
import dev.otlp.runtime.config.ConfigLoader;
import dev.otlp.runtime.config.RuntimeConfig;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The runtime configuration an exporter's pods run with: the settings of {@link SpecConfigTable}
 * over its profile's defaults, built by the runtime's own loader.
 */
public final class ExporterConfig {

    private ExporterConfig() {
    }

    /** The configuration and every value the runtime could not read, named by its key. */
    public static ConfigLoadResult load(OtlpExporter exporter) {
        return ConfigLoader.fromSettings(SpecConfigTable.settings(exporter));
    }

    /**
     * The configuration of a resource that validation found nothing wrong with.
     *
     * @throws IllegalArgumentException naming the values the runtime could not read, for any other resource
     */
    public static RuntimeConfig of(OtlpExporter exporter) {
        ConfigLoadResult result = load(exporter);
        if (!result.problems().isEmpty()) {
            throw new IllegalArgumentException(result.problems().stream()
                    .map(SpecConfigTable::specProblem).map(SpecProblem::toString).collect(Collectors.joining("; ")));
        }
        return result.config();
    }

    /** The profile in effect: the spec's, else balanced. */
    public static TuningProfile effectiveProfile(OtlpExporter exporter) {
        return Optional.ofNullable(exporter.getSpec()).map(OtlpExporterSpec::getProfile).orElse(TuningProfile.BALANCED);
    }
}
