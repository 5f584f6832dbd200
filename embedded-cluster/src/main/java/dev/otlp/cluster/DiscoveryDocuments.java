package dev.otlp.cluster;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The discovery answers a real API server gives and {@code kubectl} needs before anything else:
 * {@code /version}, {@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/<group>} and
 * {@code /apis/<group>/<version>},
 * for the built-in groups and for every installed CRD (so a group appears once its CRD is applied,
 * as on a cluster). Paths are compared without their query, so {@code ?timeout=32s} is answered too.
 * There are no OpenAPI documents: {@code /openapi/v2} and {@code /openapi/v3} are 404, so
 * {@code kubectl apply} needs {@code --validate=false} and {@code kubectl explain} does not work.
 */
final class DiscoveryDocuments {

    private static final VersionInfo VERSION = new VersionInfo.Builder()
            .withMajor("1").withMinor("32").withGitVersion("v1.32.0-otlp-fleet-embedded")
            .withPlatform("linux/amd64").build();

    private final BuiltInApiResources builtIn = new BuiltInApiResources();
    private final Supplier<List<CustomResourceDefinition>> installedCrds;

    DiscoveryDocuments(Supplier<List<CustomResourceDefinition>> installedCrds) {
        this.installedCrds = installedCrds;
    }

    /** @return the JSON document for a discovery path, or empty when the path is not a discovery path */
    Optional<Answer> answer(String path) {
        String[] segments = path.replaceAll("^/+|/+$", "").split("/");
        if (path.equals("/version")) {
            return json(VERSION);
        }
        if (path.equals("/api")) {
            return json(new APIVersionsBuilder().withVersions("v1").build());
        }
        if (path.equals("/api/v1")) {
            return resources("v1");
        }
        if (path.equals("/apis")) {
            return json(new APIGroupListBuilder().withGroups(groups()).build());
        }
        if (segments[0].equals("openapi")) {
            return Optional.of(Answer.NOT_FOUND);
        }
        if (segments.length == 2 && segments[0].equals("apis")) {
            return groups().stream().filter(group -> group.getName().equals(segments[1])).findFirst()
                    .<Answer>flatMap(DiscoveryDocuments::json).or(() -> Optional.of(Answer.NOT_FOUND));
        }
        if (segments.length == 3 && segments[0].equals("apis")) {
            return resources(segments[1] + "/" + segments[2]).or(() -> Optional.of(Answer.NOT_FOUND));
        }
        return Optional.empty();
    }

    record Answer(int code, String body) {
        static final Answer NOT_FOUND = new Answer(404,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}");
    }

    private Optional<Answer> resources(String groupVersion) {
        List<APIResource> resources = allResources().get(groupVersion);
        if (resources == null) {
            return Optional.empty();
        }
        return json(new APIResourceListBuilder().withGroupVersion(groupVersion).withResources(resources).build());
    }

    private List<APIGroup> groups() {
        Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
        allResources().keySet().stream()
                .filter(groupVersion -> groupVersion.contains("/"))
                .forEach(groupVersion -> {
                    String[] parts = groupVersion.split("/");
                    versionsByGroup.computeIfAbsent(parts[0], group -> new ArrayList<>()).add(parts[1]);
                });
        List<APIGroup> groups = new ArrayList<>();
        versionsByGroup.forEach((group, versions) -> {
            List<GroupVersionForDiscovery> forDiscovery = versions.stream()
                    .map(version -> new GroupVersionForDiscovery(group + "/" + version, version))
                    .toList();
            groups.add(new APIGroupBuilder().withName(group).withVersions(forDiscovery)
                    .withPreferredVersion(forDiscovery.get(0)).build());
        });
        return groups;
    }

    private Map<String, List<APIResource>> allResources() {
        Map<String, List<APIResource>> all = new LinkedHashMap<>();
        builtIn.byGroupVersion().forEach((groupVersion, resources) -> all.put(groupVersion, new ArrayList<>(resources)));
        for (CustomResourceDefinition crd : installedCrds.get()) {
            for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
                if (Boolean.TRUE.equals(version.getServed())) {
                    String groupVersion = crd.getSpec().getGroup() + "/" + version.getName();
                    all.computeIfAbsent(groupVersion, key -> new ArrayList<>()).addAll(resourcesOf(crd, version));
                }
            }
        }
        return all;
    }

    private static List<APIResource> resourcesOf(CustomResourceDefinition crd, CustomResourceDefinitionVersion version) {
        var names = crd.getSpec().getNames();
        boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
        List<APIResource> resources = new ArrayList<>();
        resources.add(new APIResourceBuilder()
                .withName(names.getPlural())
                .withSingularName(names.getSingular())
                .withKind(names.getKind())
                .withNamespaced(namespaced)
                .withShortNames(names.getShortNames())
                .withCategories(names.getCategories())
                .withVerbs(BuiltInApiResources.READ_WRITE_VERBS)
                .build());
        var subresources = version.getSubresources();
        if (subresources != null && subresources.getStatus() != null) {
            resources.add(new APIResourceBuilder().withName(names.getPlural() + "/status").withSingularName("")
                    .withKind(names.getKind()).withNamespaced(namespaced).withVerbs("get", "patch", "update").build());
        }
        if (subresources != null && subresources.getScale() != null) {
            resources.add(new APIResourceBuilder().withName(names.getPlural() + "/scale").withSingularName("")
                    .withGroup("autoscaling").withVersion("v1").withKind("Scale").withNamespaced(namespaced)
                    .withVerbs("get", "patch", "update").build());
        }
        return resources;
    }

    private static Optional<Answer> json(Object document) {
        return Optional.of(new Answer(200, Serialization.asJson(document)));
    }
}
