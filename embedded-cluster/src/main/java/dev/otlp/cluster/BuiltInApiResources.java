package dev.otlp.cluster;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in Kubernetes resources the embedded API server advertises in discovery, per
 * group version ({@code v1} is the core group). Custom resources come from the installed CRDs.
 */
final class BuiltInApiResources {

    static final List<String> READ_WRITE_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    private static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

    private final Map<String, List<APIResource>> byGroupVersion = new LinkedHashMap<>();

    BuiltInApiResources() {
        add("v1", "namespaces", "Namespace", false, List.of("ns"), true);
        add("v1", "configmaps", "ConfigMap", true, List.of("cm"), false);
        add("v1", "secrets", "Secret", true, List.of(), false);
        add("v1", "services", "Service", true, List.of("svc"), true);
        add("v1", "serviceaccounts", "ServiceAccount", true, List.of("sa"), false);
        add("v1", "pods", "Pod", true, List.of("po"), true);
        add("v1", "endpoints", "Endpoints", true, List.of("ep"), false);
        add("v1", "events", "Event", true, List.of("ev"), false);
        add("apps/v1", "deployments", "Deployment", true, List.of("deploy"), true);
        add("apps/v1", "replicasets", "ReplicaSet", true, List.of("rs"), true);
        add("apps/v1", "statefulsets", "StatefulSet", true, List.of("sts"), true);
        add("apps/v1", "daemonsets", "DaemonSet", true, List.of("ds"), true);
        add("policy/v1", "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb"), true);
        add("autoscaling/v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, List.of("hpa"), true);
        add("apiextensions.k8s.io/v1", "customresourcedefinitions", "CustomResourceDefinition", false,
                List.of("crd", "crds"), true);
        add("batch/v1", "jobs", "Job", true, List.of(), true);
        add("batch/v1", "cronjobs", "CronJob", true, List.of("cj"), true);
        add("networking.k8s.io/v1", "networkpolicies", "NetworkPolicy", true, List.of("netpol"), false);
        add("rbac.authorization.k8s.io/v1", "clusterroles", "ClusterRole", false, List.of(), false);
        add("rbac.authorization.k8s.io/v1", "clusterrolebindings", "ClusterRoleBinding", false, List.of(), false);
        add("rbac.authorization.k8s.io/v1", "roles", "Role", true, List.of(), false);
        add("rbac.authorization.k8s.io/v1", "rolebindings", "RoleBinding", true, List.of(), false);
        add("admissionregistration.k8s.io/v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration",
                false, List.of(), false);
        add("admissionregistration.k8s.io/v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration",
                false, List.of(), false);
        add("coordination.k8s.io/v1", "leases", "Lease", true, List.of(), false);
        add("apiregistration.k8s.io/v1", "apiservices", "APIService", false, List.of(), false);
        add("events.k8s.io/v1", "events", "Event", true, List.of("ev"), false);
        addCreateOnly("authorization.k8s.io/v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview");
    }

    Map<String, List<APIResource>> byGroupVersion() {
        return byGroupVersion;
    }

    /** Resources whose {@code /status} is a subresource on a real API server: writes to the main resource keep it. */
    List<StatusSubresource> withStatusSubresource() {
        List<StatusSubresource> result = new ArrayList<>();
        byGroupVersion.forEach((groupVersion, resources) -> resources.stream()
                .filter(resource -> resource.getName().endsWith("/status"))
                .forEach(status -> {
                    String plural = status.getName().substring(0, status.getName().indexOf('/'));
                    APIResource main = resources.stream().filter(r -> r.getName().equals(plural)).findFirst().orElseThrow();
                    result.add(new StatusSubresource(groupVersion, plural, main.getKind(), main.getNamespaced()));
                }));
        return result;
    }

    record StatusSubresource(String groupVersion, String plural, String kind, boolean namespaced) {
        String group() {
            int slash = groupVersion.indexOf('/');
            return slash < 0 ? null : groupVersion.substring(0, slash);
        }

        String version() {
            return groupVersion.substring(groupVersion.indexOf('/') + 1);
        }
    }

    /** A review: the server answers a POST and stores nothing. */
    private void addCreateOnly(String groupVersion, String plural, String kind) {
        byGroupVersion.computeIfAbsent(groupVersion, key -> new ArrayList<>()).add(new APIResourceBuilder()
                .withName(plural).withSingularName(kind.toLowerCase()).withKind(kind).withNamespaced(false)
                .withVerbs("create").build());
    }

    private void add(String groupVersion, String plural, String kind, boolean namespaced, List<String> shortNames,
            boolean hasStatus) {
        List<APIResource> resources = byGroupVersion.computeIfAbsent(groupVersion, key -> new ArrayList<>());
        resources.add(new APIResourceBuilder()
                .withName(plural)
                .withSingularName(kind.toLowerCase())
                .withKind(kind)
                .withNamespaced(namespaced)
                .withShortNames(shortNames)
                .withVerbs(READ_WRITE_VERBS)
                .build());
        if (hasStatus) {
            resources.add(new APIResourceBuilder()
                    .withName(plural + "/status")
                    .withSingularName("")
                    .withKind(kind)
                    .withNamespaced(namespaced)
                    .withVerbs(SUBRESOURCE_VERBS)
                    .build());
        }
    }
}
