package dev.otlp.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.otlp.operator.validation.CrdRules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code x-kubernetes-validations} rules of the CRD, compiled and evaluated with Google's CEL-Java as an API
 * server evaluates them, by the operator's own {@link CrdRules} (from the CRD on the classpath, which
 * {@code CommittedCrdTest} holds equal to the committed one users install). A refusal is worded as an API server
 * words it: where the rule is attached, and its message.
 */
public final class CrdCelRules {

    /** The committed CRD that users install. */
    public static final Path CRD = Path.of("..", "crds", "otlpexporters.otlp.dev-v1.yml");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One rule where the schema holds it. */
    public record Rule(CrdRules.Rule compiled) {

        /** Where the rule is attached, as a user writes it: {@code spec.upstream.auth}, or {@code <root>}. */
        public String where() {
            return compiled.where();
        }

        /** The CEL expression. */
        public String rule() {
            return compiled.rule();
        }

        /** What the API server answers when it is false. */
        public String message() {
            return compiled.message();
        }

        /** The messages of this rule for each node of {@code resource} where it is false or fails; empty when none. */
        public List<String> refusals(JsonNode resource) {
            return compiled.refusals(resource).stream().map(refusal -> where() + ": " + message()).toList();
        }
    }

    private final List<Rule> rules;

    private CrdCelRules(List<Rule> rules) {
        this.rules = rules;
    }

    /** Every rule of the CRD's stored version, compiled. */
    public static CrdCelRules load() {
        return new CrdCelRules(CrdRules.all().stream().map(Rule::new).toList());
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
}
