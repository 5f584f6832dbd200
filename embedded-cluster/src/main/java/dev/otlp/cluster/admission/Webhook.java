package dev.otlp.cluster.admission;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One webhook of a Mutating- or ValidatingWebhookConfiguration, with the API server's defaults
 * filled in ({@code failurePolicy: Fail}, {@code timeoutSeconds: 10}, scope {@code *}), and the
 * question whether it applies to a request.
 */
record Webhook(String name, WebhookClientConfig clientConfig, List<RuleWithOperations> rules,
               LabelSelector namespaceSelector, LabelSelector objectSelector, boolean failOnCallError, Duration timeout) {

    private static final int DEFAULT_TIMEOUT_SECONDS = 10;

    static Webhook of(MutatingWebhook webhook) {
        unsupportedUnless(webhook.getMatchConditions() == null || webhook.getMatchConditions().isEmpty(),
                webhook.getName(), "matchConditions");
        unsupportedUnless(webhook.getReinvocationPolicy() == null || "Never".equals(webhook.getReinvocationPolicy()),
                webhook.getName(), "reinvocationPolicy " + webhook.getReinvocationPolicy());
        return of(webhook.getName(), webhook.getClientConfig(), webhook.getRules(), webhook.getNamespaceSelector(),
                webhook.getObjectSelector(), webhook.getFailurePolicy(), webhook.getTimeoutSeconds(),
                webhook.getAdmissionReviewVersions());
    }

    static Webhook of(ValidatingWebhook webhook) {
        unsupportedUnless(webhook.getMatchConditions() == null || webhook.getMatchConditions().isEmpty(),
                webhook.getName(), "matchConditions");
        return of(webhook.getName(), webhook.getClientConfig(), webhook.getRules(), webhook.getNamespaceSelector(),
                webhook.getObjectSelector(), webhook.getFailurePolicy(), webhook.getTimeoutSeconds(),
                webhook.getAdmissionReviewVersions());
    }

    private static Webhook of(String name, WebhookClientConfig clientConfig, List<RuleWithOperations> rules,
                              LabelSelector namespaceSelector, LabelSelector objectSelector, String failurePolicy,
                              Integer timeoutSeconds, List<String> reviewVersions) {
        unsupportedUnless(reviewVersions != null && reviewVersions.contains("v1"), name,
                "admissionReviewVersions " + reviewVersions + " (only v1)");
        unsupportedUnless(failurePolicy == null || failurePolicy.equals("Fail") || failurePolicy.equals("Ignore"), name,
                "failurePolicy " + failurePolicy);
        return new Webhook(name, clientConfig, rules == null ? List.of() : rules, namespaceSelector, objectSelector,
                !"Ignore".equals(failurePolicy),
                Duration.ofSeconds(timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds));
    }

    /**
     * @param namespaceLabels the labels of the request's namespace (ignored for a cluster-scoped object)
     * @param objectLabels    the labels of the object and of the object it replaces: the object selector
     *                        applies when either matches, as on a real API server
     */
    boolean appliesTo(ResourceRequest request, Map<String, String> namespaceLabels, List<Map<String, String>> objectLabels) {
        return rules.stream().anyMatch(rule -> matches(rule, request))
                && (request.namespace() == null || LabelSelectors.matches(namespaceSelector, namespaceLabels, name))
                && objectLabels.stream().anyMatch(labels -> LabelSelectors.matches(objectSelector, labels, name));
    }

    private boolean matches(RuleWithOperations rule, ResourceRequest request) {
        return containsOrStar(rule.getOperations(), request.operation())
                && containsOrStar(rule.getApiGroups(), request.group())
                && containsOrStar(rule.getApiVersions(), request.version())
                && rule.getResources() != null
                && rule.getResources().stream().anyMatch(resource -> resourceMatches(resource, request))
                && scopeMatches(rule.getScope(), request);
    }

    private static boolean resourceMatches(String ruleResource, ResourceRequest request) {
        String[] rule = ruleResource.split("/", 2);
        String ruleSubresource = rule.length == 2 ? rule[1] : null;
        boolean resource = rule[0].equals("*") || rule[0].equals(request.resource());
        boolean subresource = ruleSubresource == null ? request.subresource() == null
                : ruleSubresource.equals("*") || ruleSubresource.equals(request.subresource());
        return resource && subresource;
    }

    private boolean scopeMatches(String scope, ResourceRequest request) {
        boolean namespaced = request.namespace() != null;
        return switch (scope == null ? "*" : scope) {
            case "*" -> true;
            case "Namespaced" -> namespaced;
            case "Cluster" -> !namespaced;
            default -> throw new UnsupportedWebhookException("rule scope " + scope + " (webhook " + name + ")");
        };
    }

    private static boolean containsOrStar(List<String> values, String value) {
        return values != null && (values.contains("*") || values.contains(value));
    }

    private static void unsupportedUnless(boolean supported, String webhook, String what) {
        if (!supported) {
            throw new UnsupportedWebhookException(what + " (webhook " + webhook + ")");
        }
    }
}
