package dev.otlp.operator.model;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.runtime.config.ConfigValidator;
import dev.otlp.runtime.config.FileChecks;
import dev.otlp.runtime.config.ConfigLoadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything wrong with an OtlpExporter's spec, each problem naming its field: the CRD schema's
 * required fields, patterns, ranges and CEL rules (checked again here, because not every API server
 * enforces them), the exporter's own Service as upstream, and then the runtime's own validator on
 * the configuration {@link ExporterConfig} builds from it. Secrets are not looked up here.
 */
public final class SpecValidation {

    private SpecValidation() {
    }

    /** Empty when the spec can be rolled out. */
    public static List<SpecProblem> problems(OtlpExporter exporter) {
        OtlpExporterSpec spec = exporter.getSpec();
        if (spec == null) {
            return List.of(new SpecProblem("spec", "is required"));
        }
        if (spec.unreadable().isPresent()) {
            return List.of(new SpecProblem(spec.unreadable().get().field(), spec.unreadable().get().problem()));
        }
        List<SpecProblem> problems = new ArrayList<>();
        SchemaCheck.check(spec, "spec", problems);
        CrossFieldRules.check(spec, problems);
        PodSpecRules.check(exporter, problems);
        if (spec.getUpstream() != null && spec.getUpstream().getEndpoint() != null) {
            ServiceSelfLoop.check(exporter, spec.getUpstream().getEndpoint(), problems);
        }
        // Beside other problems, only what the runtime says of fields the spec sets: the rest may follow from them.
        boolean alone = problems.isEmpty();
        Set<String> named = problems.stream().map(SpecProblem::field).collect(Collectors.toSet());
        Set<String> set = alone ? Set.of() : SpecConfigTable.fieldsSet(exporter);
        ConfigLoadResult config = ExporterConfig.load(exporter);
        config.withProblems(ConfigValidator.validate(config.config(), FileChecks.OFF)).problems().stream()
                .map(SpecConfigTable::specProblem)
                .filter(problem -> alone || set.contains(problem.field()) && !named.contains(problem.field()))
                .forEach(problems::add);
        return problems.stream().distinct().toList();
    }
}
