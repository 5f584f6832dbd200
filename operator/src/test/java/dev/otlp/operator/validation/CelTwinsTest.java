package dev.otlp.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlp.operator.api.ApiPatterns;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.SpecProblem;
import dev.otlp.operator.testing.CrdCelRules;
import dev.otlp.operator.testing.CrdCelRules.Rule;
import dev.otlp.operator.testing.Exporters;
import dev.otlp.operator.testing.InvalidSpecCases;
import dev.otlp.operator.testing.InvalidSpecCases.Case;
import dev.otlp.operator.testing.InvalidSpecCases.Gate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operator's hand copies of the CRD's CEL rules ({@link CrossFieldRules}, {@link ExporterNameRules}) proved equal
 * to the rules themselves, evaluated with CEL-Java: on every case of the catalogue the schema lets through, every
 * sample and a set of cases on either side of each rule, a rule refuses exactly when its twin names a problem. Every
 * CEL rule of the CRD has a twin here, except those between runtime settings, which the runtime's own validator
 * states (see {@code SpecConfigTable}).
 */
class CelTwinsTest {

    private static final CrdCelRules RULES = CrdCelRules.load();
    private static final String UPSTREAM = "upstream:\n  endpoint: http://collector:4317\n";
    private static final String TLS_UPSTREAM = "upstream:\n  endpoint: https://collector:4317\n";

    /** The CEL rules the runtime's validator checks again, named by where they are attached. */
    private static final List<String> RUNTIME_RULES = List.of("spec.batching", "spec.connectionPool", "spec.retry");

    /** Each CEL rule, by where it is attached and a part of its message, and the problems of its hand-written twin. */
    private static final Map<String, Predicate<SpecProblem>> TWINS = Map.ofEntries(
            twin("<root>", "DNS-1035", "metadata.name", "DNS-1035"),
            twin("<root>", "at most 63", "metadata.name", "at most 63"),
            twin("<root>", "at most 52", "metadata.name", "at most 52"),
            twin("spec", "do not apply to mode daemonset", "spec.", "mode daemonset, which runs"),
            twin("spec", "hostPort applies", "spec.hostPort", "applies to mode daemonset only"),
            twin("spec", "do not apply to mode sidecar", "spec.", "not apply to mode sidecar"),
            twin("spec", "podMonitor applies", "spec.monitoring.podMonitor", "applies to mode sidecar only"),
            twin("spec.upstream", "https", "spec.upstream.tls", "needs an https://"),
            twin("spec.upstream.auth", "apiKey", "spec.upstream.auth.", "apiKey"),
            twin("spec.upstream.auth", "oauth2", "spec.upstream.auth.", "oauth2"),
            twin("spec.upstream.maxExportSize", "", "spec.upstream.maxExportSize", ApiPatterns.SIZE_MESSAGE),
            twin("spec.compression", "", "spec.compression.level", "gzip levels"),
            twin("spec.compression.minSize", "", "spec.compression.minSize", ApiPatterns.SIZE_MESSAGE),
            twin("spec.queue.maxBytes", "", "spec.queue.maxBytes", ApiPatterns.SIZE_MESSAGE),
            twin("spec.queue.persistence", "", "spec.queue.persistence.storageClassName", "persistentVolumeClaim only"),
            twin("spec.queue.persistence.size", "", "spec.queue.persistence.size", ApiPatterns.SIZE_MESSAGE),
            twin("spec.receiver.tls", "", "spec.receiver.tls", "not both"),
            twin("spec.receiver.auth.apiKey", "", "spec.receiver.auth.apiKey", "not both"),
            twin("spec.autoscaling", "", "spec.autoscaling.minReplicas", "must not exceed"),
            twin("spec.podDisruptionBudget.maxUnavailable", "", "spec.podDisruptionBudget.maxUnavailable", "percentage"),
            twin("spec.podLabels", "", "spec.podLabels", "set by the operator"),
            twin("spec.networkPolicy.allowedSources[]", "", "spec.networkPolicy.allowedSources[", "namespaceSelector"));

    /** Either side of each rule. */
    private static final List<String> EDGES = List.of(
            TLS_UPSTREAM + "  tls: {minVersion: \"1.3\"}\n",
            "upstream:\n  endpoint: HTTPS://collector:4317\n  tls: {minVersion: \"1.3\"}\n",
            "upstream:\n  endpoint: debug\n  tls: {minVersion: \"1.3\"}\n",
            UPSTREAM + "  auth: {type: apiKey, apiKey: {secretRef: {name: k, key: k}}}\n",
            UPSTREAM + "  auth: {apiKey: {secretRef: {name: k, key: k}}}\n",
            UPSTREAM + "  auth: {type: none, oauth2: {clientId: c, clientSecretRef: {name: s, key: k}, tokenUrl: \"https://t\"}}\n",
            UPSTREAM + "  auth: {type: oauth2}\n",
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
    void everyRuleOfTheCrdHasAHandWrittenTwinOrIsTheRuntimes() {
        for (Rule rule : RULES.all()) {
            assertThat(RUNTIME_RULES.contains(rule.where()) || twinOf(rule) != null).as(rule.where() + ": " + rule.rule()).isTrue();
        }
    }

    @Test
    void everyTwinRefusesExactlyWhatItsRuleRefuses() throws IOException {
        List<String> resources = resources();
        assertThat(resources).hasSizeGreaterThan(60);
        List<String> disagreements = new ArrayList<>();
        for (String resource : resources) {
            OtlpExporter exporter = Exporters.fromYaml(resource);
            List<SpecProblem> hand = new ArrayList<>();
            ExporterNameRules.check(exporter, hand);
            CrossFieldRules.check(exporter, hand);
            for (Rule rule : RULES.all()) {
                Predicate<SpecProblem> twin = twinOf(rule);
                if (twin == null) {
                    continue;
                }
                boolean celRefuses = !rule.refusals(CrdCelRules.yaml(resource)).isEmpty();
                boolean twinRefuses = hand.stream().anyMatch(twin);
                if (celRefuses != twinRefuses) {
                    disagreements.add(rule.where() + " \"" + rule.message() + "\": CEL " + (celRefuses ? "refuses" : "admits")
                            + ", its twin " + (twinRefuses ? "refuses" : "admits") + "\n" + resource);
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

    private static Predicate<SpecProblem> twinOf(Rule rule) {
        return TWINS.entrySet().stream().filter(twin -> {
            String[] key = twin.getKey().split("\\|", 2);
            return key[0].equals(rule.where()) && rule.message().contains(key[1]);
        }).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static Map.Entry<String, Predicate<SpecProblem>> twin(String where, String message, String field, String says) {
        return Map.entry(where + "|" + message,
                problem -> problem.field().startsWith(field) && problem.message().contains(says));
    }
}
