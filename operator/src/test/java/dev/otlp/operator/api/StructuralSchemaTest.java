package dev.otlp.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.otlp.operator.testing.CrdCelRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD checked as a real API server checks a CRD before it accepts it, and as it estimates the cost of
 * its CEL rules: a structural schema whose every integer is bounded, and no rule that walks a string or a list the
 * schema leaves unbounded (the API server then refuses the CRD: "estimated rule cost exceeds budget").
 */
class StructuralSchemaTest {

    /** CEL calls whose cost grows with the length of the string or list they walk. */
    private static final Pattern WALKING_CALL = Pattern.compile(
            "(self(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)\\.(matches|startsWith|endsWith|contains|all|exists|exists_one|map|filter)\\(");
    private static final Pattern WALKING_ARGUMENT = Pattern.compile("(?:duration|timestamp)\\((self(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)\\)");

    private static JsonNode schema;

    @BeforeAll
    static void readCrd() throws IOException {
        JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(CrdCelRules.CRD.toFile());
        schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
        assertThat(schema.isObject()).isTrue();
    }

    @Test
    void everyNodeHasATypeAndEveryArrayItsItems() {
        List<String> problems = new ArrayList<>();
        walk((path, node) -> {
            boolean intOrString = node.path("x-kubernetes-int-or-string").asBoolean();
            if (!node.has("type") && !intOrString) {
                problems.add(path + " has no type");
            }
            if (intOrString && node.has("type")) {
                problems.add(path + " is int-or-string and has a type");
            }
            if ("array".equals(node.path("type").asText()) && !node.path("items").isObject()) {
                problems.add(path + " is an array without items");
            }
            if (node.has("additionalProperties") && node.has("properties")) {
                problems.add(path + " has both properties and additionalProperties");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyIntegerHasAMinimumAndAMaximumWrittenAsPlainIntegers() {
        List<String> problems = new ArrayList<>();
        walk((path, node) -> {
            if ("integer".equals(node.path("type").asText())) {
                for (String bound : List.of("minimum", "maximum")) {
                    if (!node.has(bound)) {
                        problems.add(path + " has no " + bound);
                    } else if (!node.get(bound).isIntegralNumber()) {
                        problems.add(path + "." + bound + " is " + node.get(bound) + ", not a plain integer");
                    }
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void noFieldKeepsUnknownFields() {
        List<String> preserving = new ArrayList<>();
        walk((path, node) -> {
            if (node.has("x-kubernetes-preserve-unknown-fields")) {
                preserving.add(path);
            }
        });
        assertThat(preserving).isEmpty();
    }

    /** Kubernetes estimates a rule's cost from the schema's maxLength and maxItems; unbounded, it assumes megabytes. */
    @Test
    void everyStringOrListARuleWalksIsBounded() {
        List<String> unbounded = new ArrayList<>();
        walk((path, node) -> {
            for (JsonNode validation : node.path("x-kubernetes-validations")) {
                String rule = validation.path("rule").asText();
                for (String walked : walked(rule)) {
                    JsonNode target = resolve(node, walked);
                    if (target == null) {
                        continue; // metadata.name: bounded by Kubernetes (253)
                    }
                    boolean list = "array".equals(target.path("type").asText());
                    boolean bounded = list ? target.has("maxItems") : target.has("maxLength") || target.has("enum");
                    if (!bounded) {
                        unbounded.add(path + ": " + walked + " in " + rule);
                    }
                }
            }
        });
        assertThat(unbounded).isEmpty();
    }

    @Test
    void theWalkedFieldsOfARuleAreFound() {
        assertThat(walked("!has(self.tls) || self.endpoint.startsWith('https://')")).containsExactly("self.endpoint");
        assertThat(walked("duration(self.maxDelay) >= duration(self.initialDelay)")).containsExactly("self.maxDelay", "self.initialDelay");
        assertThat(walked("type(self) == int ? self >= 1 : self.matches('^[0-9]+$')")).containsExactly("self");
        assertThat(walked("self.sources.all(s, has(s.podSelector))")).containsExactly("self.sources");
    }

    private static List<String> walked(String rule) {
        List<String> walked = new ArrayList<>();
        for (Pattern pattern : List.of(WALKING_CALL, WALKING_ARGUMENT)) {
            Matcher matcher = pattern.matcher(rule);
            while (matcher.find()) {
                walked.add(matcher.group(1));
            }
        }
        return walked;
    }

    /** The schema of {@code self.a.b} from the node a rule is attached to; null for the object's metadata. */
    private static JsonNode resolve(JsonNode node, String walked) {
        JsonNode target = node;
        for (String field : walked.split("\\.")) {
            if (field.equals("self")) {
                continue;
            }
            if (field.equals("metadata") && node == schema) {
                return null;
            }
            target = target.path("properties").path(field);
            assertThat(target.isMissingNode()).as(walked + " in the schema").isFalse();
        }
        return target;
    }

    private static void walk(BiConsumer<String, JsonNode> visitor) {
        walk("", schema, visitor);
    }

    private static void walk(String path, JsonNode node, BiConsumer<String, JsonNode> visitor) {
        visitor.accept(path.isEmpty() ? "<root>" : path, node);
        for (Map.Entry<String, JsonNode> property : node.path("properties").properties()) {
            walk(path + "." + property.getKey(), property.getValue(), visitor);
        }
        if (node.path("items").isObject()) {
            walk(path + "[]", node.path("items"), visitor);
        }
        if (node.path("additionalProperties").isObject()) {
            walk(path + "{}", node.path("additionalProperties"), visitor);
        }
    }
}
