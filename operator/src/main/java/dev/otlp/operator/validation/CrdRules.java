package dev.otlp.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime.Program;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.SpecProblem;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CRD's own CEL rules ({@code x-kubernetes-validations}), evaluated with Google's CEL-Java as an API server
 * evaluates them, for what an API server lets through (one without CEL, or a resource stored before a rule
 * existed): each at the node it is attached to, {@code self} bound to that node's value (once per element of a
 * list or value of a map), absent fields absent, integers as CEL ints. The rules are compiled once, from the CRD
 * on the operator's classpath, the very file that is installed. A refusal names the field of the rule's
 * {@code fieldPath}, else the node the rule is attached to, and says its {@code messageExpression}, else its
 * {@code message}.
 */
public final class CrdRules {

    /**
     * The field the root's rules judge. They read {@code metadata.name}, which the CRD's schema does not describe, so
     * no {@code fieldPath} can point at it (an API server refuses a CRD whose fieldPath is not in its schema).
     */
    private static final String ROOT_FIELD = "metadata.name";
    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .addVar("oldSelf", SimpleType.DYN)
            .build();
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final List<Rule> RULES = load();

    /**
     * One rule where the schema holds it.
     *
     * @param path      the node's place in the resource: field names, {@code []} for each element of a list,
     *                  {@code {}} for each value of a map; empty at the root
     * @param rule      the CEL expression, true when the node is valid
     * @param fieldPath the field the rule judges, below the node ({@code .a.b}); empty for the node itself
     */
    public record Rule(List<String> path, String rule, String message, String fieldPath, Program program,
                       Optional<Program> messageExpression) {

        /** Where the rule is attached, as a user writes it: {@code spec.upstream.auth}, or {@code <root>}. */
        public String where() {
            return path.isEmpty() ? "<root>" : String.join(".", path).replace(".[]", "[]").replace(".{}", "{}");
        }

        /** A problem for each node of {@code resource} (as JSON) where the rule is false or fails; empty when none. */
        public List<SpecProblem> refusals(JsonNode resource) {
            List<SpecProblem> refusals = new ArrayList<>();
            for (Node node : nodes(resource, path)) {
                Map<String, Object> self = Map.of("self", celValue(node.value()));
                Object verdict;
                try {
                    verdict = program.eval(self);
                } catch (CelEvaluationException e) {
                    verdict = e.getMessage();
                }
                if (!Boolean.TRUE.equals(verdict)) {
                    String field = (node.field().isEmpty() ? ROOT_FIELD : node.field()) + fieldPath;
                    String said = message(self) + (verdict instanceof String error ? " (" + error + ")" : "");
                    // A message that names its field first (as the root's must: the API server names none there) says the rest.
                    refusals.add(new SpecProblem(field, said.startsWith(field + " ") ? said.substring(field.length() + 1) : said));
                }
            }
            return refusals;
        }

        /** The messageExpression, or the message where there is none or it fails, as an API server does. */
        private String message(Map<String, Object> self) {
            if (messageExpression.isPresent()) {
                try {
                    if (messageExpression.get().eval(self) instanceof String said && !said.isBlank()) {
                        return said;
                    }
                } catch (CelEvaluationException e) {
                    return message;
                }
            }
            return message;
        }
    }

    /** A node of the resource and the field that names it, as a user writes it. */
    private record Node(String field, JsonNode value) {
    }

    private CrdRules() {
    }

    /** Every rule of the CRD's stored version, compiled. */
    public static List<Rule> all() {
        return RULES;
    }

    /** What the rules refuse of {@code resource} (as JSON): empty when an API server that evaluates them admits it. */
    public static List<SpecProblem> refusals(JsonNode resource) {
        return RULES.stream().flatMap(rule -> rule.refusals(resource).stream()).toList();
    }

    static void check(OtlpExporter exporter, List<SpecProblem> problems) {
        problems.addAll(refusals(JSON.convertValue(exporter, JsonNode.class)));
    }

    private static List<Rule> load() {
        try (InputStream crd = OtlpExporter.class.getResourceAsStream(OtlpExporter.GENERATED_CRD)) {
            if (crd == null) {
                throw new IllegalStateException("the CRD " + OtlpExporter.GENERATED_CRD + " is not on the classpath");
            }
            for (JsonNode version : new ObjectMapper(new YAMLFactory()).readTree(crd).path("spec").path("versions")) {
                if (version.path("storage").asBoolean()) {
                    List<Rule> rules = new ArrayList<>();
                    collect(version.at("/schema/openAPIV3Schema"), new ArrayList<>(), rules);
                    return List.copyOf(rules);
                }
            }
            throw new IllegalStateException("the CRD " + OtlpExporter.GENERATED_CRD + " has no storage version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode schema, List<String> path, List<Rule> rules) {
        for (JsonNode validation : schema.path("x-kubernetes-validations")) {
            Optional<Program> messageExpression = Optional.of(validation.path("messageExpression").asText())
                    .filter(expression -> !expression.isEmpty()).map(expression -> compile(expression, path));
            String rule = validation.path("rule").asText();
            rules.add(new Rule(List.copyOf(path), rule, validation.path("message").asText(), validation.path("fieldPath").asText(),
                    compile(rule, path), messageExpression));
        }
        schema.path("properties").properties().forEach(property -> collect(property.getValue(), with(path, property.getKey()), rules));
        if (schema.path("items").isObject()) {
            collect(schema.path("items"), with(path, "[]"), rules);
        }
        if (schema.path("additionalProperties").isObject()) {
            collect(schema.path("additionalProperties"), with(path, "{}"), rules);
        }
    }

    private static Program compile(String expression, List<String> path) {
        try {
            return CEL.createProgram(CEL.compile(expression).getAst());
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalStateException("the CRD's CEL at " + String.join(".", path) + " does not compile: " + expression, e);
        }
    }

    private static List<String> with(List<String> path, String step) {
        List<String> longer = new ArrayList<>(path);
        longer.add(step);
        return longer;
    }

    /** The nodes of {@code resource} at {@code path}, each named by its field: none where a field on the way is absent. */
    private static List<Node> nodes(JsonNode resource, List<String> path) {
        List<Node> nodes = List.of(new Node("", resource));
        for (String step : path) {
            List<Node> next = new ArrayList<>();
            for (Node node : nodes) {
                JsonNode value = node.value();
                if (step.equals("[]") && value.isArray()) {
                    for (int i = 0; i < value.size(); i++) {
                        next.add(new Node(node.field() + "[" + i + "]", value.get(i)));
                    }
                } else if (step.equals("{}") && value.isObject()) {
                    value.properties().forEach(field -> next.add(new Node(node.field() + "[" + field.getKey() + "]", field.getValue())));
                } else if (value.isObject() && value.hasNonNull(step)) {
                    next.add(new Node(node.field().isEmpty() ? step : node.field() + "." + step, value.get(step)));
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
            node.properties().forEach(field -> {
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
