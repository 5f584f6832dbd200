package dev.otlp.cluster;

import dev.otlp.cluster.testing.Kubectl;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Discovery lists every kind the operator writes or reads (its RBAC rules say which) and every kind
 * the chart and the kustomize bases create, so {@code kubectl} and fabric8 find each of them. The
 * expected kinds are read from those files: a kind added there and missing here fails this test.
 */
class DiscoveryCoverageTest {

    private static final Path CONFIG = Path.of("..", "config");
    private static final Path CHART_TEMPLATES = Path.of("..", "helm", "otlp-fleet-operator", "templates");
    private static final Path OTLP_EXPORTER_CRD = Path.of("..", "crds", "otlpexporters.otlp.dev-v1.yml");
    /** Kinds no file of ours names but whose pods the sidecar webhook is sent: a Job's, a CronJob's. */
    private static final List<GroupResource> POD_OWNERS = List.of(new GroupResource("batch", "jobs"),
            new GroupResource("batch", "cronjobs"));
    private static final Pattern API_VERSION = Pattern.compile("(?m)^apiVersion: ([\\w./-]+)\\s*$");
    private static final Pattern KIND = Pattern.compile("(?m)^kind: (\\w+)\\s*$");

    @TempDir
    static Path tmp;

    private static EmbeddedApiServer server;

    @BeforeAll
    static void startServerWithTheCrdsOfACluster() {
        server = EmbeddedApiServer.start(0);
        server.installCrd(OTLP_EXPORTER_CRD);
        server.installMonitoringCrds();
        server.installKedaCrd();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void everyResourceOfTheOperatorsRbacRulesIsDiscoverable() throws IOException {
        List<GroupResource> granted = rbacRules().stream()
                .flatMap(rule -> rule.getApiGroups().stream()
                        .flatMap(group -> rule.getResources().stream().map(resource -> new GroupResource(group, resource))))
                .filter(resource -> !resource.resource().endsWith("/finalizers"))
                .distinct()
                .toList();
        assertThat(granted).as("the RBAC rules of config/rbac").hasSizeGreaterThan(10);

        List<GroupResource> expected = new ArrayList<>(granted);
        expected.addAll(POD_OWNERS);
        assertThat(expected).allSatisfy(resource -> assertThat(discoverable(resource))
                .as("discovery lists %s", resource).isTrue());
    }

    @Test
    void everyKindTheChartAndTheKustomizeBasesCreateIsDiscoverable() throws IOException {
        Set<GroupVersionKind> created = new LinkedHashSet<>();
        for (Path file : yamlFiles(CONFIG)) {
            created.addAll(kindsIn(Files.readString(file)));
        }
        for (Path file : yamlFiles(CHART_TEMPLATES)) {
            created.addAll(kindsIn(Files.readString(file)));
        }
        created.removeIf(kind -> kind.apiVersion().startsWith("kustomize.config.k8s.io/"));
        assertThat(created).as("kinds in config/ and the chart's templates")
                .contains(new GroupVersionKind("networking.k8s.io/v1", "NetworkPolicy"),
                        new GroupVersionKind("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration"));

        assertThat(created).allSatisfy(kind -> assertThat(server.client().getApiResources(kind.apiVersion()))
                .as("discovery of %s", kind.apiVersion())
                .isNotNull()
                .extracting(APIResourceList::getResources, InstanceOfAssertFactories.list(APIResource.class))
                .anySatisfy(resource -> assertThat(resource.getKind()).isEqualTo(kind.kind())));
    }

    @Test
    void kubectlListsEveryKindTheOperatorAndTheChartCreate() throws Exception {
        assumeTrue(Kubectl.isOnPath(), "kubectl is not on PATH");
        Kubectl kubectl = new Kubectl(server.writeKubeconfig(tmp.resolve("kubeconfig")), tmp.resolve("kube-cache"));

        for (String kind : List.of("networkpolicy", "pdb", "hpa", "jobs", "cronjobs", "roles", "rolebindings",
                "clusterroles", "clusterrolebindings", "validatingwebhookconfigurations", "mutatingwebhookconfigurations",
                "leases", "daemonsets", "statefulsets", "servicemonitors", "podmonitors", "prometheusrules", "otlpx")) {
            Kubectl.Result listed = kubectl.run("get", kind, "-A");
            assertThat(listed.exitCode()).as("kubectl get %s: %s", kind, listed.output()).isZero();
        }
        assertThat(kubectl.output("api-resources", "--api-group=networking.k8s.io")).contains("networkpolicies");
    }

    private static boolean discoverable(GroupResource wanted) {
        if (wanted.group().isEmpty()) {
            return names(server.client().getApiResources("v1")).contains(wanted.resource());
        }
        var group = server.client().getApiGroup(wanted.group());
        return group != null && group.getVersions().stream()
                .anyMatch(version -> names(server.client().getApiResources(version.getGroupVersion()))
                        .contains(wanted.resource()));
    }

    private static List<String> names(APIResourceList list) {
        return list == null ? List.of() : list.getResources().stream().map(APIResource::getName).toList();
    }

    private static List<PolicyRule> rbacRules() throws IOException {
        List<PolicyRule> rules = new ArrayList<>();
        for (Path file : yamlFiles(CONFIG.resolve("rbac"))) {
            for (HasMetadata object : load(file)) {
                if (object instanceof ClusterRole role) {
                    rules.addAll(role.getRules());
                } else if (object instanceof Role role) {
                    rules.addAll(role.getRules());
                }
            }
        }
        return rules;
    }

    private static List<HasMetadata> load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return server.client().load(in).items();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The apiVersion and kind of each document, where both are literal (not templated). */
    private static List<GroupVersionKind> kindsIn(String yaml) {
        List<GroupVersionKind> kinds = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            Matcher apiVersion = API_VERSION.matcher(document);
            Matcher kind = KIND.matcher(document);
            if (apiVersion.find() && kind.find()) {
                kinds.add(new GroupVersionKind(apiVersion.group(1), kind.group(1)));
            }
        }
        return kinds;
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private record GroupResource(String group, String resource) {
    }

    private record GroupVersionKind(String apiVersion, String kind) {
    }
}
