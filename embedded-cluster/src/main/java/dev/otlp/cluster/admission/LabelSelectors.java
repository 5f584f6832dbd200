package dev.otlp.cluster.admission;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.List;
import java.util.Map;

/** Whether labels match a {@link LabelSelector}, as the API server decides it; an empty or absent selector matches all. */
final class LabelSelectors {

    private LabelSelectors() {
    }

    /** @throws UnsupportedWebhookException for an operator other than In, NotIn, Exists and DoesNotExist */
    static boolean matches(LabelSelector selector, Map<String, String> labels, String webhook) {
        if (selector == null) {
            return true;
        }
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        if (!wanted.entrySet().stream().allMatch(label -> label.getValue().equals(labels.get(label.getKey())))) {
            return false;
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null ? List.of()
                : selector.getMatchExpressions();
        return expressions.stream().allMatch(expression -> matches(expression, labels, webhook));
    }

    private static boolean matches(LabelSelectorRequirement expression, Map<String, String> labels, String webhook) {
        String value = labels.get(expression.getKey());
        List<String> values = expression.getValues() == null ? List.of() : expression.getValues();
        return switch (expression.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> labels.containsKey(expression.getKey());
            case "DoesNotExist" -> !labels.containsKey(expression.getKey());
            default -> throw new UnsupportedWebhookException("label selector operator "
                    + expression.getOperator() + " (webhook " + webhook + ")");
        };
    }
}
