package dev.otlp.operator.validation;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.api.OtlpExporterSpec.Unreadable;
import dev.otlp.operator.model.ExporterConfig;
import dev.otlp.operator.model.SpecConfigTable;
import dev.otlp.operator.model.SpecProblem;
import dev.otlp.runtime.config.ConfigLoadResult;
import dev.otlp.runtime.config.ConfigValidator;
import dev.otlp.runtime.config.FileChecks;
import dev.otlp.runtime.config.RuntimeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything wrong with an OtlpExporter, each problem naming its field: its name, which its Service and labels
 * carry; the values the model cannot hold; the CRD schema's required fields, patterns and ranges
 * ({@link SchemaCheck}) and its CEL rules ({@link CrdRules}, the CRD's own, evaluated with CEL-Java),
 * checked again here because not every API server enforces them; what CEL cannot say ({@link CrossFieldRules},
 * {@link PodSpecRules}); the exporter's own Service as upstream, and then the runtime's own validator on
 * the configuration {@link ExporterConfig} builds from it. Secrets are not looked up here. The
 * configuration is loaded once, and a valid resource's is the one its model is built from.
 */
public final class SpecValidation {

    /**
     * What validating a resource found.
     *
     * @param problems every problem, each naming its field; empty when the resource can be rolled out
     * @param config   the runtime configuration the resource loads into, present only when it has no problem
     */
    public record Result(List<SpecProblem> problems, Optional<RuntimeConfig> config) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private SpecValidation() {
    }

    /** Empty when the spec can be rolled out. */
    public static List<SpecProblem> problems(OtlpExporter exporter) {
        return validate(exporter).problems();
    }

    /** Every problem of the resource and, when it has none, the configuration it loads into. */
    public static Result validate(OtlpExporter exporter) {
        List<SpecProblem> problems = new ArrayList<>();
        List<SpecProblem> crdRules = new ArrayList<>();
        CrdRules.check(exporter, crdRules);
        crdRules.stream().filter(SpecValidation::ofTheName).forEach(problems::add);
        OtlpExporterSpec spec = exporter.getSpec();
        if (spec == null) {
            problems.add(new SpecProblem("spec", "is required"));
            return invalid(problems);
        }
        List<Unreadable.Field> unreadable = spec.unreadable().map(Unreadable::fields).orElse(List.of());
        unreadable.forEach(field -> problems.add(new SpecProblem(field.field(), field.problem())));
        if (spec.unreadable().filter(Unreadable::whole).isPresent()) {
            return invalid(problems);
        }
        ConfigLoadResult config = ExporterConfig.load(exporter);
        List<SpecProblem> checked = new ArrayList<>();
        SchemaCheck.check(spec, "spec", checked);
        SchemaCheck.checkKubernetesTypes(spec, checked);
        crdRules.stream().filter(problem -> !ofTheName(problem)).forEach(checked::add);
        CrossFieldRules.check(exporter, checked);
        PodSpecRules.check(exporter, config.builtConfig(), checked);
        if (spec.getUpstream() != null && spec.getUpstream().getEndpoint() != null) {
            ServiceSelfLoop.check(exporter, spec.getUpstream().getEndpoint(), checked);
        }
        // Beside other problems, only what the runtime says of fields the spec sets: the rest may follow from them.
        boolean alone = problems.isEmpty() && checked.isEmpty();
        Set<String> named = checked.stream().map(SpecProblem::field).collect(Collectors.toSet());
        Set<String> set = alone ? Set.of() : SpecConfigTable.fieldsSet(exporter);
        config.withProblems(ConfigValidator.validate(config.config(), FileChecks.OFF)).problems().stream()
                .map(SpecConfigTable::specProblem)
                .filter(problem -> alone || set.contains(problem.field()) && !named.contains(problem.field()))
                .forEach(checked::add);
        checked.stream().filter(problem -> unreadable.stream().noneMatch(field -> within(problem.field(), field.field())))
                .forEach(problems::add);
        List<SpecProblem> distinct = problems.stream().distinct().toList();
        return distinct.isEmpty() ? new Result(distinct, config.builtConfig()) : invalid(distinct);
    }

    private static Result invalid(List<SpecProblem> problems) {
        return new Result(List.copyOf(problems), Optional.empty());
    }

    /** Whether a problem is of the resource's name, which is read whatever its spec holds. */
    private static boolean ofTheName(SpecProblem problem) {
        return problem.field().startsWith("metadata.");
    }

    /** Whether {@code field} is {@code unread} or inside it: the checks saw it missing, having been left out. */
    private static boolean within(String field, String unread) {
        return field.equals(unread) || field.startsWith(unread + ".") || field.startsWith(unread + "[");
    }
}
