package dev.otlp.operator.model;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.api.OtlpExporterSpec.Unreadable;
import dev.otlp.runtime.config.ConfigValidator;
import dev.otlp.runtime.config.FileChecks;
import dev.otlp.runtime.config.ConfigLoadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything wrong with an OtlpExporter, each problem naming its field: its name, which its Service and labels
 * carry; the values the model cannot hold; the CRD schema's
 * required fields, patterns, ranges and CEL rules (checked again here, because not every API server
 * enforces them), the exporter's own Service as upstream, and then the runtime's own validator on
 * the configuration {@link ExporterConfig} builds from it. Secrets are not looked up here.
 */
public final class SpecValidation {

    private SpecValidation() {
    }

    /** Empty when the spec can be rolled out. */
    public static List<SpecProblem> problems(OtlpExporter exporter) {
        List<SpecProblem> problems = new ArrayList<>();
        ExporterNameRules.check(exporter, problems);
        OtlpExporterSpec spec = exporter.getSpec();
        if (spec == null) {
            problems.add(new SpecProblem("spec", "is required"));
            return problems;
        }
        List<Unreadable.Field> unreadable = spec.unreadable().map(Unreadable::fields).orElse(List.of());
        unreadable.forEach(field -> problems.add(new SpecProblem(field.field(), field.problem())));
        if (spec.unreadable().filter(Unreadable::whole).isPresent()) {
            return problems;
        }
        List<SpecProblem> checked = new ArrayList<>();
        SchemaCheck.check(spec, "spec", checked);
        SchemaCheck.checkKubernetesTypes(spec, checked);
        CrossFieldRules.check(spec, checked);
        PodSpecRules.check(exporter, checked);
        if (spec.getUpstream() != null && spec.getUpstream().getEndpoint() != null) {
            ServiceSelfLoop.check(exporter, spec.getUpstream().getEndpoint(), checked);
        }
        // Beside other problems, only what the runtime says of fields the spec sets: the rest may follow from them.
        boolean alone = problems.isEmpty() && checked.isEmpty();
        Set<String> named = checked.stream().map(SpecProblem::field).collect(Collectors.toSet());
        Set<String> set = alone ? Set.of() : SpecConfigTable.fieldsSet(exporter);
        ConfigLoadResult config = ExporterConfig.load(exporter);
        config.withProblems(ConfigValidator.validate(config.config(), FileChecks.OFF)).problems().stream()
                .map(SpecConfigTable::specProblem)
                .filter(problem -> alone || set.contains(problem.field()) && !named.contains(problem.field()))
                .forEach(checked::add);
        checked.stream().filter(problem -> unreadable.stream().noneMatch(field -> within(problem.field(), field.field())))
                .forEach(problems::add);
        return problems.stream().distinct().toList();
    }

    /** Whether {@code field} is {@code unread} or inside it: the checks saw it missing, having been left out. */
    private static boolean within(String field, String unread) {
        return field.equals(unread) || field.startsWith(unread + ".") || field.startsWith(unread + "[");
    }
}
