package dev.otlp.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code x-kubernetes-validations} rules of the committed CRD, compiled and evaluated with Google's CEL-Java as
 * an API server evaluates them: each at the node it is attached to, {@code self} bound to that node's value in the
 * resource (once per element of a list or map), absent optional fields absent, integers as CEL ints. A rule that
 * CEL-Java cannot compile fails loading, naming the rule.
 */
public final class CrdCelRules {

    /** The committed CRD that users install. */
    public static final Path CRD = Path.of("..", "crds", "otlpexporters.otlp.dev-v1.yml");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .addVar("oldSelf", SimpleType.DYN)
            .build();

    /**
     * One rule where the schema holds it.
     *
     * @param path    the node's place in the resource: field names, {@code []} for each element of a list,
     *                {@code {}} for each value of a map; empty at the root
     * @param rule    the CEL expression
     * @param message what the API server answers when it is false
     */
    public record Rule(List<String> path, String rule, String message, CelRuntime.Program program) {

        /** Where the rule is attached, as a user writes it: {@code spec.upstream.auth}, or {@code <root>}. */
        public String where() {
            return path.isEmpty() ? "<root>" : String.join(".", path).replace(".[]", "[]").replace(".{}", "{}");
        }

        /** The messages of this rule for each node of {@code resource} where it is false or fails; empty when none. */
        public List<String> refusals(JsonNode resource) {
            List<String> refusals = new ArrayList<>();
            for (JsonNode node : nodes(resource, path)) {
                Object verdict;
                try {
                    verdict = program.eval(Map.of("self", celValue(node)));
                } catch (CelEvaluationException e) {
                    verdict = e.getMessage();
                }
                if (!Boolean.TRUE.equals(verdict)) {
                    refusals.add(where() + ": " + message + (verdict instanceof String error ? " (" + error + ")" : ""));
                }
            }
            return refusals;
        }
    }

    private final List<Rule> rules;

    private CrdCelRules(List<Rule> rules) {
        this.rules = rules;
    }

    /** Every rule of the committed CRD's stored version, compiled. */
    public static CrdCelRules load() {
        try {
            JsonNode crd = YAML.readTree(CRD.toFile());
            for (JsonNode version : crd.path("spec").path("versions")) {
                if (version.path("storage").asBoolean()) {
                    List<Rule> rules = new ArrayList<>();
                    collect(version.at("/schema/openAPIV3Schema"), new ArrayList<>(), rules);
                    return new CrdCelRules(List.copyOf(rules));
                }
            }
            throw new AssertionError("the CRD has no storage version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Rule> all() {
        return rules;
    }

    /** The messages of every rule false somewhere in {@code resource}; empty when the API server would admit it. */
    public List<String> refusals(JsonNode resource) {
        return rules.stream().flatMap(rule -> rule.refusals(resource).stream()).toList();
    }

    public static JsonNode yaml(String resource) {
        try {
            return YAML.readTree(resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode schema, List<String> path, List<Rule> rules) {
        for (JsonNode validation : schema.path("x-kubernetes-validations")) {
            String rule = validation.path("rule").asText();
            CelRuntime.Program program;
            try {
                program = CEL.createProgram(CEL.compile(rule).getAst());
            } catch (CelValidationException | CelEvaluationException e) {
                throw new AssertionError("the rule at " + String.join(".", path) + " does not compile: " + rule + "\n"
                        + e.getMessage(), e);
            }
            rules.add(new Rule(List.copyOf(path), rule, validation.path("message").asText(), program));
        }
        schema.path("properties").fields().forEachRemaining(property -> collect(property.getValue(), with(path, property.getKey()), rules));
        if (schema.path("items").isObject()) {
            collect(schema.path("items"), with(path, "[]"), rules);
        }
        if (schema.path("additionalProperties").isObject()) {
            collect(schema.path("additionalProperties"), with(path, "{}"), rules);
        }
    }

    private static List<String> with(List<String> path, String step) {
        List<String> longer = new ArrayList<>(path);
        longer.add(step);
        return longer;
    }

    /** The nodes of {@code resource} at {@code path}: none where a field on the way is absent. */
    private static List<JsonNode> nodes(JsonNode resource, List<String> path) {
        List<JsonNode> nodes = List.of(resource);
        for (String step : path) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : nodes) {
                if (step.equals("[]") && node.isArray() || step.equals("{}") && node.isObject()) {
                    node.forEach(next::add);
                } else if (node.isObject() && node.has(step) && !node.get(step).isNull()) {
                    next.add(node.get(step));
                }
            }
            nodes = next;
        }
        return nodes;
    }

    /** A JSON value as the API server hands it to CEL: objects as maps without their null fields, integers as ints. */
    private static Object celValue(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> {
                if (!field.getValue().isNull()) {
                    map.put(field.getKey(), celValue(field.getValue()));
                }
            });
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(celValue(element)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }
}
