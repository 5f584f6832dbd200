package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import dev.otlp.operator.testing.RequestRecorder.ApiRequest;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** One test's namespace on the test environment's API server, seen as a user with kubectl would see it. */
final class Cluster {

    /** What {@link #operatorWritesWhileIdle} expects of the operator it watches. */
    static final Duration RESYNC = Duration.ofMillis(200);
    /** Long enough for several resyncs, so one that would write cannot slip by. */
    private static final Duration SETTLE = Duration.ofSeconds(1);
    private static final Duration WATCHED = Duration.ofSeconds(2);

    private final OperatorTestEnvironment env;
    private final String namespace;

    Cluster(OperatorTestEnvironment env) {
        this.env = env;
        this.namespace = OperatorTestEnvironment.uniqueNamespace();
    }

    String namespace() {
        return namespace;
    }

    OtlpExporter create(String yaml) {
        return env.client().resource(FleetUnderTest.exporter(namespace, yaml)).create();
    }

    <T extends HasMetadata> T create(T object) {
        object.getMetadata().setNamespace(namespace);
        return env.client().resource(object).create();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return env.client().resources(type).inNamespace(namespace).withName(name).get();
    }

    <T extends HasMetadata> List<T> list(Class<T> type) {
        return env.client().resources(type).inNamespace(namespace).list().getItems();
    }

    <T extends HasMetadata> T edit(Class<T> type, String name, UnaryOperator<T> change) {
        return env.client().resources(type).inNamespace(namespace).withName(name).edit(change);
    }

    OtlpExporter exporter(String name) {
        return get(OtlpExporter.class, name);
    }

    /** Sets an annotation of the exporter as kubectl annotate does: a merge patch, which no status write conflicts with. */
    OtlpExporter annotate(String name, String key, String value) {
        return env.client().resources(OtlpExporter.class).inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(
                        Map.of("metadata", Map.of("annotations", Map.of(key, value)))));
    }

    /** Edits the spec as kubectl edit does: on a conflict with the operator's status write, again on the new version. */
    OtlpExporter editSpec(String name, Consumer<OtlpExporterSpec> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return edit(OtlpExporter.class, name, exporter -> {
                    change.accept(exporter.getSpec());
                    return exporter;
                });
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    Condition condition(String name, String type) {
        return FleetUnderTest.condition(exporter(name), type).orElse(null);
    }

    /** Waits until the exporter's condition has this status and reason, and returns it. */
    Condition awaitCondition(String name, String type, String status, String reason) {
        awaitUntil(name + " has " + type + "=" + status + " (" + reason + ")", () -> {
            Condition condition = condition(name, type);
            return condition != null && status.equals(condition.getStatus()) && reason.equals(condition.getReason());
        });
        return condition(name, type);
    }

    /** Waits for the Deployment, plays the kubelet for its current generation, and waits for Ready=True. */
    void awaitReady(String name) {
        awaitUntil("Deployment " + name + " exists", () -> get(Deployment.class, name) != null);
        awaitUntil("the operator reports the current config hash", () -> {
            OtlpExporter exporter = exporter(name);
            return exporter.getStatus() != null && exporter.getStatus().getObservedGeneration() != null
                    && exporter.getStatus().getObservedGeneration().equals(exporter.getMetadata().getGeneration())
                    && configHash(get(Deployment.class, name)).equals(exporter.getStatus().getConfigHash());
        });
        env.kubelet().markReady(namespace, name);
        awaitCondition(name, "Ready", "True", "PodsReady");
    }

    static String configHash(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("otlp.dev/config-hash");
    }

    List<Event> events(String exporterName, String reason) {
        return list(Event.class).stream()
                .filter(event -> exporterName.equals(event.getInvolvedObject().getName()))
                .filter(event -> reason.equals(event.getReason()))
                .toList();
    }

    /** The resourceVersion of each named object of these kinds, to show they were left alone. */
    Map<String, String> resourceVersions(Map<Class<? extends HasMetadata>, String> objects) {
        return objects.entrySet().stream().collect(Collectors.toMap(
                entry -> entry.getKey().getSimpleName() + "/" + entry.getValue(),
                entry -> get(entry.getKey(), entry.getValue()).getMetadata().getResourceVersion()));
    }

    int mark() {
        return env.requests().mark();
    }

    List<ApiRequest> operatorWritesSince(int mark) {
        return env.requests().writesSince(mark, OperatorTestEnvironment.OPERATOR_USER_AGENT);
    }

    /**
     * The operator's write requests over about ten resyncs ({@link #RESYNC}), after letting
     * whatever is in flight settle: empty when an operator at rest leaves the cluster alone. It
     * fails when {@code fleet} did not reconcile meanwhile: no write then proves nothing.
     */
    List<ApiRequest> operatorWritesWhileIdle(FleetUnderTest fleet) {
        sleep(SETTLE);
        int mark = mark();
        double reconciled = fleet.reconciliationsStarted();
        sleep(WATCHED);
        assertThat(fleet.reconciliationsStarted()).as("reconciliations while the operator was watched for writes")
                .isGreaterThan(reconciled);
        return operatorWritesSince(mark);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
