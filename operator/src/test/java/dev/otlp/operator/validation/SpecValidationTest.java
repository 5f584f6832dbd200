package dev.otlp.operator.validation;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.RuntimeHeap;
import dev.otlp.operator.model.SpecProblem;
import dev.otlp.operator.testing.Exporters;
import dev.otlp.operator.testing.InvalidSpecCases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecValidationTest {

    private static final String UPSTREAM = """
            upstream:
              endpoint: http://collector.observability.svc:4317
            """;

    private static List<SpecProblem> problems(String specYaml) {
        return SpecValidation.problems(Exporters.withSpec(specYaml));
    }

    private static List<String> fields(String specYaml) {
        return problems(specYaml).stream().map(SpecProblem::field).toList();
    }

    @Test
    void aSampleLikeSpecHasNoProblems() {
        assertThat(problems("""
                profile: high-throughput
                replicas: 3
                upstream:
                  endpoint: https://collector.example.com:4317
                  protocol: grpc
                  timeout: 30s
                  headers: {x-tenant: a}
                  tls:
                    caSecretRef: {name: collector-ca, key: ca.crt}
                    clientCertSecretRef: {name: client-cert}
                    minVersion: "1.2"
                  auth:
                    type: apiKey
                    apiKey: {secretRef: {name: collector-api-key, key: api-key}, header: X-API-Key}
                batching: {size: 1000, timeout: 200ms, maxSize: 2000, adaptive: true}
                compression: {algorithm: zstd, level: 6, minSize: 512}
                connectionPool: {min: 10, max: 50, connectTimeout: 10s, idleTimeout: 60s, maxLifetime: 5m}
                retry: {attempts: 3, initialDelay: 1s, maxDelay: 30s}
                queue: {maxItems: 500000, maxBytes: 192Mi}
                receiver:
                  tls: {generate: true}
                  auth: {apiKey: {generate: true}}
                autoscaling: {minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 70}
                podDisruptionBudget: {maxUnavailable: 25%}
                monitoring:
                  serviceMonitor: {enabled: true, interval: 30s}
                  alerts: {enabled: true, p99LatencyThreshold: 100ms, errorRateThreshold: 0.05, minThroughput: 1, queueUtilizationThreshold: 0.8}
                logging: {level: info, format: json}
                podLabels: {team: observability}
                """)).isEmpty();
    }

    @Test
    void aMissingSpecOrUpstreamIsNamed() {
        assertThat(SpecValidation.problems(Exporters.fromYaml("""
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata: {name: gateway}
                """))).containsExactly(new SpecProblem("spec", "is required"));
        assertThat(problems("replicas: 1")).containsExactly(new SpecProblem("spec.upstream", "is required"));
        assertThat(problems("upstream: {protocol: http}"))
                .containsExactly(new SpecProblem("spec.upstream.endpoint", "is required"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            spec.upstream.endpoint                       | upstream: {endpoint: collector:4317}
            spec.upstream.timeout                        | upstream: {endpoint: http://c:4317, timeout: 30 seconds}
            spec.batching.timeout                        | batching: {timeout: 1.5s}
            spec.batching.size                           | batching: {size: 0}
            spec.compression.level                       | compression: {level: 23}
            spec.connectionPool.min                      | connectionPool: {min: -1}
            spec.retry.attempts                          | retry: {attempts: -1}
            spec.monitoring.alerts.errorRateThreshold    | monitoring: {alerts: {errorRateThreshold: 5}}
            spec.monitoring.serviceMonitor.interval      | monitoring: {serviceMonitor: {interval: soon}}
            spec.autoscaling.maxReplicas                 | autoscaling: {minReplicas: 2}
            spec.replicas                                | replicas: -1
            spec.replicas                                | replicas: 5000
            spec.batching.size                           | batching: {size: 2000000}
            spec.upstream.auth.apiKey.secretRef.key      | upstream: {endpoint: http://c:4317, auth: {type: apiKey, apiKey: {secretRef: {name: k}}}}
            spec.upstream.auth.apiKey.header             | upstream: {endpoint: http://c:4317, auth: {type: apiKey, apiKey: {secretRef: {name: k, key: k}, header: X Key}}}
            spec.upstream.auth.oauth2.tokenUrl           | upstream: {endpoint: http://c:4317, auth: {type: oauth2, oauth2: {clientId: a, clientSecretRef: {name: s, key: k}, tokenUrl: auth/token}}}
            spec.receiver.tls.secretRef.name             | receiver: {tls: {secretRef: {name: Not_A_Name}}}
            spec.queue.maxAge                            | queue: {maxAge: a day}
            spec.upstream.timeout                        | upstream: {endpoint: http://c:4317, timeout: 99999999999h}
            spec.image                                   | image: registry.example.com/otlp exporter:1.0
            spec.queue.persistence.type                  | queue: {persistence: {size: 1Gi}}
            spec.queue.persistence.storageClassName      | queue: {persistence: {type: persistentVolumeClaim, storageClassName: Fast_SSD}}
            """)
    void schemaProblemsNameTheirField(String field, String specYaml) {
        String spec = specYaml.startsWith("upstream") ? specYaml : specYaml + "\n" + UPSTREAM;

        assertThat(fields(spec)).containsExactly(field);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            spec.batching.maxSize                  | batching: {size: 100, maxSize: 50}
            spec.compression.level                 | compression: {algorithm: gzip, level: 12}
            spec.compression.minSize               | compression: {minSize: 2 MB}
            spec.queue.maxBytes                    | queue: {maxBytes: 0}
            spec.connectionPool.min                | connectionPool: {min: 30, max: 10}
            spec.retry.maxDelay                    | retry: {initialDelay: 5s, maxDelay: 1s}
            spec.receiver.tls                      | receiver: {tls: {generate: true, secretRef: {name: mine}}}
            spec.receiver.auth.apiKey              | receiver: {auth: {apiKey: {generate: true, secretRef: {name: mine, key: k}}}}
            spec.autoscaling.minReplicas           | autoscaling: {minReplicas: 5, maxReplicas: 3}
            spec.podDisruptionBudget.maxUnavailable | podDisruptionBudget: {maxUnavailable: half}
            spec.podLabels                         | podLabels: {app.kubernetes.io/instance: other}
            spec.queue.persistence.size            | queue: {persistence: {type: emptyDir, size: lots}}
            spec.queue.persistence.storageClassName | queue: {persistence: {type: emptyDir, storageClassName: fast}}
            """)
    void crossFieldRulesNameTheirField(String field, String specYaml) {
        assertThat(fields(specYaml + "\n" + UPSTREAM)).containsExactly(field);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            spec.env[1].name               | env: [{name: LANG, value: C}, {name: OTLP_ENDPOINT, value: http://localhost:4317}]
            spec.env[0].name               | env: [{name: 1BAD, value: x}]
            spec.resources.limits.memory   | resources: {limits: {memory: lots}}
            spec.podLabels                 | podLabels: {bad key: x}
            spec.podLabels                 | podLabels: {team: a value with spaces}
            spec.podAnnotations            | podAnnotations: {Not_A_Prefix!/x: y}
            spec.resources.limits.memory   | resources: {limits: {memory: 64Mi}}
            """)
    void podFieldsKubernetesOrTheRuntimeWouldRefuseNameTheirField(String field, String specYaml) {
        assertThat(fields(specYaml + "\n" + UPSTREAM)).containsExactly(field);
    }

    @Test
    void refusesAMemoryQueueLargerThanTheHeapTheMemoryLimitLeaves() {
        List<SpecProblem> problems = problems("queue: {maxBytes: 4Gi}\nresources: {limits: {memory: 256Mi}}\n" + UPSTREAM);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.queue.maxBytes");
            assertThat(problem.message()).startsWith("a queue of 4GiB does not fit in the heap of the 256Mi memory limit"
                    + " (75% of it, less 64MiB the runtime needs, leaves 128MiB)");
        });
    }

    @Test
    void aQueueThatFitsTheHeapOrLivesOnDiskIsFine() {
        assertThat(fields("queue: {maxBytes: 100Mi}\nresources: {limits: {memory: 256Mi}}\n" + UPSTREAM)).isEmpty();
        assertThat(fields("queue: {maxBytes: 4Gi, persistence: {type: emptyDir}}\nresources: {limits: {memory: 256Mi}}\n"
                + UPSTREAM)).isEmpty();
        assertThat(fields("env: [{name: JAVA_TOOL_OPTIONS, value: -Xmx3g}]\nqueue: {maxBytes: 2Gi}\n"
                + "resources: {limits: {memory: 4Gi}}\n" + UPSTREAM)).isEmpty();
    }

    @Test
    void aUserHeapBelowTheImagesInitialHeapIsRefusedNamingTheFlag() {
        assertThat(problems("env: [{name: JAVA_TOOL_OPTIONS, value: -XX:+UseSerialGC -Xmx32m}]\n" + UPSTREAM))
                .extracting(SpecProblem::field, SpecProblem::message)
                .containsExactly(tuple("spec.env[0].value", "-Xmx32m is below the runtime image's initial heap of 48MiB:"
                        + " the JVM would not start; give the heap at least that"));
        assertThat(fields("env: [{name: JAVA_TOOL_OPTIONS, value: -XX:MaxHeapSize=16777216}]\n" + UPSTREAM))
                .containsExactly("spec.env[0].value");
        assertThat(fields("env: [{name: JAVA_TOOL_OPTIONS, value: -Xmx48m}]\n" + UPSTREAM)).isEmpty();
        assertThat(fields("env: [{name: JAVA_TOOL_OPTIONS, value: -Xmx1G}]\n" + UPSTREAM)).isEmpty();
        assertThat(fields("env: [{name: JAVA_TOOL_OPTIONS, value: -Xmx999999999999999t}]\n" + UPSTREAM))
                .as("a maximum too large to hold in bytes is not below anything").isEmpty();
        assertThat(fields("env: [{name: OTHER_OPTIONS, value: -Xmx32m}]\n" + UPSTREAM)).isEmpty();
        assertThat(fields("env: [{name: JAVA_TOOL_OPTIONS, value: -Xmx16m -Xmx512m}]\n" + UPSTREAM))
                .as("the JVM takes the last maximum it is given").isEmpty();
        assertThat(fields("env: [{name: JAVA_TOOL_OPTIONS, value: -Xmx512m -XX:MaxHeapSize=16m}]\n" + UPSTREAM))
                .containsExactly("spec.env[0].value");
    }

    @Test
    void theInitialHeapTheRulesAssumeIsTheOneTheImageSets() throws IOException {
        List<String> imageFlags = Files.readAllLines(Path.of("..", "exporter-runtime", "src", "main", "resources",
                "dev", "otlp", "runtime", "jvm.options"));
        assertThat(imageFlags).contains("-Xms" + (RuntimeHeap.IMAGE_INITIAL_HEAP_BYTES >> 20) + "m");
    }

    @Test
    void maxExportSizeMustBeASize() {
        assertThat(fields("upstream: {endpoint: http://c:4317, maxExportSize: 4 megabytes}"))
                .containsExactly("spec.upstream.maxExportSize");
        assertThat(fields("upstream: {endpoint: http://c:4317, maxExportSize: 512}"))
                .as("the runtime's own minimum, named by the spec field").containsExactly("spec.upstream.maxExportSize");
    }

    @Test
    void authTypeAndItsSettingsMustAgree() {
        assertThat(fields("""
                upstream:
                  endpoint: http://c:4317
                  auth: {type: apiKey}
                """)).containsExactly("spec.upstream.auth.apiKey");
        assertThat(fields("""
                upstream:
                  endpoint: http://c:4317
                  auth: {type: oauth2}
                """)).containsExactly("spec.upstream.auth.oauth2");
        assertThat(fields("""
                upstream:
                  endpoint: http://c:4317
                  auth: {apiKey: {secretRef: {name: k, key: k}}}
                """)).containsExactly("spec.upstream.auth.type");
    }

    @Test
    void upstreamTlsNeedsAnHttpsEndpoint() {
        assertThat(problems("""
                upstream:
                  endpoint: http://collector:4317
                  tls: {minVersion: "1.3"}
                """)).containsExactly(new SpecProblem("spec.upstream.tls", "needs an https:// endpoint in spec.upstream.endpoint"));
    }

    @Test
    void theRuntimeValidatorsProblemsAreNamedBySpecField() {
        List<SpecProblem> problems = problems("""
                profile: balanced
                batching: {size: 5000}
                """ + UPSTREAM);

        assertThat(problems).containsExactly(new SpecProblem("spec.batching.maxSize",
                "(1000) must be at least spec.batching.size (5000)"));
    }

    @Test
    void aZeroDelayIsRefusedByTheRuntimeValidatorAndNamedBySpecField() {
        assertThat(fields("retry: {initialDelay: 0s}\n" + UPSTREAM)).containsExactly("spec.retry.initialDelay");
    }

    @Test
    void anUpstreamOnLocalhostIsRefusedByTheRuntimesSelfLoopCheck() {
        List<SpecProblem> problems = problems("""
                upstream: {endpoint: "http://localhost:4317"}
                """);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.upstream.endpoint");
            assertThat(problem.message()).startsWith("http://localhost:4317 points at this runtime's own gRPC receiver")
                    .endsWith("set spec.upstream.endpoint to your collector")
                    .doesNotContain("[receiver]");
        });
    }

    @ParameterizedTest
    @CsvSource({
            "http://gateway:4317",
            "http://gateway.observability:4318",
            "https://gateway.observability.svc:4317",
            "http://gateway.observability.svc.cluster.local:4317"})
    void anUpstreamThatIsTheExportersOwnServiceIsRefused(String endpoint) {
        List<SpecProblem> problems = problems("upstream: {endpoint: \"" + endpoint + "\"}");

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.upstream.endpoint");
            assertThat(problem.message()).contains("own Service (gateway.observability.svc:");
        });
    }

    @Test
    void anotherExportersServiceIsAFineUpstream() {
        assertThat(problems("upstream: {endpoint: \"http://edge-gateway.observability.svc:4317\"}")).isEmpty();
    }

    @Test
    void problemsNeverQuoteAnEndpointThatMayCarryCredentials() {
        assertThat(problems("upstream: {endpoint: \"user:hunter2@collector:4317\"}"))
                .singleElement().satisfies(problem -> assertThat(problem.message()).doesNotContain("hunter2"));
    }

    @Test
    void aTypeOrEnumErrorIsNamedBesideEveryOtherProblemEachWithItsValue() {
        List<String> problems = problems("""
                upstream: {endpoint: "collector:4317"}
                profile: fastest
                replicas: three
                mode: sidecar
                autoscaling: {maxReplicas: 4}
                batching: {size: 100, maxSize: 10}
                """).stream().map(SpecProblem::toString).toList();

        assertThat(problems).contains(
                "spec.profile: fastest is not one of low-latency, balanced, high-throughput",
                "spec.replicas: three is not an integer",
                "spec.autoscaling: is set, but does not apply to mode sidecar, which runs in the applications' pods");
        assertThat(problems).anyMatch(problem -> problem.startsWith("spec.upstream.endpoint: "))
                .anyMatch(problem -> problem.startsWith("spec.batching.maxSize: "))
                .as("a field left out as unreadable is not also called missing").noneMatch(problem -> problem.contains("required"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            mode: sidecar\\nreplicas: 3    | spec.replicas: 3 does not apply to mode sidecar, which runs in the applications' pods
            mode: daemonset\\nreplicas: 2  | spec.replicas: 2 does not apply to mode daemonset, which runs one pod per node
            hostPort: true                 | spec.hostPort: true applies to mode daemonset only, not to mode deployment
            """)
    void aModeRefusalNamesTheValueItRefuses(String specYaml, String problem) {
        assertThat(problems(specYaml.replace("\\n", "\n") + "\n" + UPSTREAM)).extracting(SpecProblem::toString).containsExactly(problem);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            x17.dotted.name      | deployment  | must be a DNS-1035 label
            9x-starts-with-digit | deployment  | must be a DNS-1035 label
            64                   | deployment  | must be at most 63 characters, got 64
            75                   | deployment  | must be at most 63 characters, got 75
            53                   | statefulset | must be at most 52 characters for a StatefulSet
            """)
    void aNameNoServiceOrLabelMayTakeIsRefusedNamingTheRule(String name, String mode, String rule) {
        String resourceName = name.matches("[0-9]+") ? InvalidSpecCases.nameOfLength(Integer.parseInt(name)) : name;
        OtlpExporter exporter = Exporters.withSpec("mode: " + mode + "\n" + UPSTREAM);
        exporter.getMetadata().setName(resourceName);

        assertThat(SpecValidation.problems(exporter)).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("metadata.name");
            assertThat(problem.message()).contains(rule);
        });
    }

    @ParameterizedTest(name = "{0} characters, mode {1}")
    @CsvSource({"63, deployment", "63, daemonset", "63, sidecar", "52, statefulset"})
    void aNameOfTheLongestLengthIsFine(int length, String mode) {
        OtlpExporter exporter = Exporters.withSpec("mode: " + mode + "\n" + UPSTREAM);
        exporter.getMetadata().setName(InvalidSpecCases.nameOfLength(length));

        assertThat(SpecValidation.problems(exporter)).isEmpty();
    }

    @Test
    void kubernetesOwnIntegersAreBoundedAsTheCrdBoundsThem() {
        assertThat(problems("""
                tolerations: [{key: k, operator: Exists, effect: NoExecute, tolerationSeconds: 99999999999}]
                affinity:
                  podAntiAffinity:
                    preferredDuringSchedulingIgnoredDuringExecution:
                    - weight: 101
                      podAffinityTerm: {topologyKey: kubernetes.io/hostname}
                """ + UPSTREAM)).extracting(SpecProblem::toString).containsExactly(
                "spec.tolerations[0].tolerationSeconds: must be at most 31536000, got 99999999999",
                "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: must be at most 100, got 101");
    }
}
