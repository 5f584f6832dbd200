package dev.otlp.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.SpecProblem;
import dev.otlp.operator.testing.CrdCelRules;
import dev.otlp.operator.testing.Exporters;
import dev.otlp.operator.testing.InvalidSpecCases;
import dev.otlp.operator.testing.InvalidSpecCases.Case;
import dev.otlp.operator.testing.InvalidSpecCases.Gate;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRD's CEL rules, as the operator evaluates them ({@link CrdRules}, for API servers that do not): every rule of
 * the committed CRD that users install is one the operator evaluates, and on every case of the catalogue the schema
 * lets through, every sample and a set of cases on either side of each rule, each rule refuses the resource the
 * operator holds exactly as it refuses the stored resource, and the operator reports each refusal, naming its field.
 */
class CrdRulesTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final String UPSTREAM = "upstream:\n  endpoint: http://collector:4317\n";
    private static final String TLS_UPSTREAM = "upstream:\n  endpoint: https://collector:4317\n";

    /** Either side of each rule. */
    private static final List<String> EDGES = List.of(
            TLS_UPSTREAM + "  tls: {minVersion: \"1.3\"}\n",
            "upstream:\n  endpoint: HTTPS://collector:4317\n  tls: {minVersion: \"1.3\"}\n",
            "upstream:\n  endpoint: debug\n  tls: {minVersion: \"1.3\"}\n",
            UPSTREAM + "  auth: {type: apiKey, apiKey: {secretRef: {name: k, key: k}}}\n",
            UPSTREAM + "  auth: {apiKey: {secretRef: {name: k, key: k}}}\n",
            UPSTREAM + "  auth: {type: none, oauth2: {clientId: c, clientSecretRef: {name: s, key: k}, tokenUrl: \"https://t\"}}\n",
            UPSTREAM + "  auth: {type: oauth2}\n",
            UPSTREAM + "  failover:\n  - {endpoint: \"https://eu:4317\", tls: {minVersion: \"1.3\"}}\n",
            UPSTREAM + "  failover:\n  - {endpoint: \"http://eu:4317\", tls: {minVersion: \"1.3\"}}\n",
            UPSTREAM + "  failover:\n  - {endpoint: \"http://eu:4317\", auth: {type: oauth2}}\n",
            UPSTREAM + "  maxExportSize: 64Mi\n",
            UPSTREAM + "  maxExportSize: 0\n",
            UPSTREAM + "  maxExportSize: 64MB\n",
            UPSTREAM + "compression: {algorithm: gzip, level: 9}\n",
            UPSTREAM + "compression: {algorithm: zstd, level: 12}\n",
            UPSTREAM + "compression: {level: 12}\n",
            UPSTREAM + "compression: {minSize: 1}\n",
            UPSTREAM + "compression: {minSize: \"\"}\n",
            UPSTREAM + "queue: {maxBytes: 1GiB}\n",
            UPSTREAM + "queue: {persistence: {type: persistentVolumeClaim, storageClassName: fast, size: 1Gi}}\n",
            UPSTREAM + "queue: {persistence: {type: emptyDir, size: -1}}\n",
            UPSTREAM + "receiver: {tls: {generate: false, secretRef: {name: t}}, auth: {apiKey: {generate: false, secretRef: {name: k, key: k}}}}\n",
            UPSTREAM + "receiver: {auth: {apiKey: {generate: true, secretRef: {name: k, key: k}}}}\n",
            UPSTREAM + "autoscaling: {minReplicas: 4, maxReplicas: 4}\n",
            UPSTREAM + "autoscaling: {minReplicas: 5, maxReplicas: 4}\n",
            UPSTREAM + "autoscaling: {maxReplicas: 4, metrics: {}}\n",
            UPSTREAM + "autoscaling: {maxReplicas: 4, metrics: {queueFill: 0.5}}\n",
            UPSTREAM + "autoscaling: {maxReplicas: 4, targetCPUUtilizationPercentage: 70, metrics: {cpu: 70}}\n",
            UPSTREAM + "autoscaling: {maxReplicas: 4, engine: keda, metrics: {receivedItemsRate: 100}}\n",
            UPSTREAM + "autoscaling: {maxReplicas: 4, engine: keda, metrics: {cpu: 70}}\n",
            UPSTREAM + "autoscaling: {maxReplicas: 4, engine: keda, prometheusAddress: \"http://p:9090\", metrics: {queueFill: 0.5}}\n",
            UPSTREAM + "podDisruptionBudget: {maxUnavailable: 25%}\n",
            UPSTREAM + "podDisruptionBudget: {maxUnavailable: 0}\n",
            UPSTREAM + "podDisruptionBudget: {maxUnavailable: \"25\"}\n",
            UPSTREAM + "podDisruptionBudget: {maxUnavailable: -1}\n",
            UPSTREAM + "podLabels: {app.kubernetes.io/instance: x}\n",
            UPSTREAM + "podLabels: {app.kubernetes.io/component: x}\n",
            UPSTREAM + "mode: daemonset\npodDisruptionBudget: {maxUnavailable: 1}\n",
            UPSTREAM + "mode: daemonset\nautoscaling: {maxReplicas: 3}\n",
            UPSTREAM + "mode: daemonset\nhostPort: true\n",
            UPSTREAM + "mode: statefulset\nhostPort: false\nreplicas: 2\n",
            UPSTREAM + "mode: sidecar\nnetworkPolicy: {enabled: false}\n",
            UPSTREAM + "mode: sidecar\nmonitoring: {alerts: {enabled: true}}\n",
            UPSTREAM + "mode: sidecar\nqueue: {maxItems: 1000}\n",
            UPSTREAM + "mode: sidecar\nmonitoring: {podMonitor: {enabled: true}}\n",
            UPSTREAM + "mode: statefulset\nmonitoring: {podMonitor: {enabled: true}}\n",
            UPSTREAM + "networkPolicy: {enabled: true, allowedSources: [{ipBlock: {cidr: 10.0.0.0/8}}]}\n",
            UPSTREAM + "networkPolicy: {enabled: true, allowedSources: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}\n",
            UPSTREAM + "networkPolicy: {enabled: true, allowedSources: [{podSelector: {}}, {}]}\n");

    @Test
    void theOperatorEvaluatesEveryRuleOfTheCommittedCrd() throws IOException {
        JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(CrdCelRules.CRD.toFile());
        List<String> committed = new ArrayList<>();
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (version.path("storage").asBoolean()) {
                version.at("/schema/openAPIV3Schema").findValues("x-kubernetes-validations")
                        .forEach(rules -> rules.forEach(rule -> committed.add(rule.path("rule").asText())));
            }
        }
        assertThat(committed).hasSizeGreaterThan(30);
        assertThat(CrdRules.all()).extracting(CrdRules.Rule::rule).containsExactlyInAnyOrderElementsOf(committed);
    }

    @Test
    void theOperatorRefusesExactlyWhatEachRuleRefuses() throws IOException {
        List<String> resources = resources();
        assertThat(resources).hasSizeGreaterThan(60);
        List<String> disagreements = new ArrayList<>();
        for (String resource : resources) {
            OtlpExporter exporter = Exporters.fromYaml(resource);
            List<SpecProblem> problems = SpecValidation.problems(exporter);
            JsonNode held = JSON.convertValue(exporter, JsonNode.class);
            for (CrdRules.Rule rule : CrdRules.all()) {
                List<SpecProblem> stored = rule.refusals(CrdCelRules.yaml(resource));
                List<SpecProblem> operator = rule.refusals(held);
                if (!stored.equals(operator) || !problems.containsAll(operator)) {
                    disagreements.add(rule.where() + " \"" + rule.message() + "\": on the stored resource " + stored
                            + ", on the operator's " + operator + ", reported " + problems + "\n" + resource);
                }
            }
        }
        assertThat(disagreements).isEmpty();
    }

    private static List<String> resources() throws IOException {
        List<String> resources = new ArrayList<>();
        for (Case invalid : InvalidSpecCases.ALL) {
            if (invalid.gate() != Gate.SCHEMA) {
                resources.add(invalid.resource("gateway", "observability"));
            }
        }
        EDGES.forEach(spec -> resources.add(new Case("", spec, "", Gate.CEL).resource("gateway", "observability")));
        try (Stream<Path> samples = Files.list(Exporters.SAMPLES)) {
            for (Path sample : samples.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                for (String document : Files.readString(sample).split("(?m)^---\\s*$")) {
                    if (document.contains("kind: OtlpExporter")) {
                        resources.add(document);
                    }
                }
            }
        }
        return resources;
    }
}
