package dev.otlp.cluster;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath of printer columns, as far as CRDs use it: field steps ({@code .status.ready}) and
 * filters of a list by one field ({@code .status.conditions[?(@.type=="Ready")]}). Anything else is
 * refused when the path is read, never evaluated wrongly.
 */
final class SimpleJsonPath {

    private static final Pattern FIELD = Pattern.compile("\\.([A-Za-z_$][\\w$-]*)");
    private static final Pattern FILTER = Pattern.compile("\\[\\?\\(@\\.([A-Za-z_$][\\w$-]*)==(?:\"([^\"]*)\"|'([^']*)')\\)]");

    private sealed interface Step permits Field, Filter {
    }

    private record Field(String name) implements Step {
    }

    private record Filter(String field, String value) implements Step {
    }

    private final String expression;
    private final List<Step> steps;

    private SimpleJsonPath(String expression, List<Step> steps) {
        this.expression = expression;
        this.steps = steps;
    }

    /** @throws IllegalArgumentException naming the part of {@code expression} this subset does not read */
    static SimpleJsonPath parse(String expression) {
        List<Step> steps = new ArrayList<>();
        int at = 0;
        while (at < expression.length()) {
            Matcher field = FIELD.matcher(expression).region(at, expression.length());
            Matcher filter = FILTER.matcher(expression).region(at, expression.length());
            if (field.lookingAt()) {
                steps.add(new Field(field.group(1)));
                at = field.end();
            } else if (filter.lookingAt()) {
                steps.add(new Filter(filter.group(1), filter.group(2) != null ? filter.group(2) : filter.group(3)));
                at = filter.end();
            } else {
                throw new IllegalArgumentException("the embedded API server cannot evaluate JSONPath " + expression
                        + " from \"" + expression.substring(at) + "\" on: it reads only .field steps and"
                        + " [?(@.field==\"value\")] filters");
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("empty JSONPath");
        }
        return new SimpleJsonPath(expression, steps);
    }

    /** Every value the path reaches in {@code object}, in document order. */
    List<JsonNode> find(JsonNode object) {
        List<JsonNode> current = List.of(object);
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                if (step instanceof Field field) {
                    JsonNode value = node.get(field.name());
                    if (value != null && !value.isNull()) {
                        next.add(value);
                    }
                } else if (step instanceof Filter filter && node.isArray()) {
                    node.forEach(element -> {
                        JsonNode value = element.get(filter.field());
                        if (value != null && value.isValueNode() && value.asText().equals(filter.value())) {
                            next.add(element);
                        }
                    });
                }
            }
            current = next;
        }
        return current;
    }

    @Override
    public String toString() {
        return expression;
    }
}
