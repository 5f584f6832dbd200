package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.testing.AdjustableClock;
import dev.otlp.operator.testing.ApiVerb;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's informers cache each object without what a real API server adds and the operator never reads
 * (managedFields, kubectl's last-applied annotation, the status it does not read), read from the informers'
 * caches themselves; and the trimmed objects still match what the operator wants: no writes on resync.
 */
class TrimmedCacheTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final String SECURE_SCALED = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: gateway
            spec:
              upstream:
                endpoint: http://collector.observability.svc:4317
              autoscaling:
                minReplicas: 2
                maxReplicas: 4
              receiver:
                tls:
                  generate: true
                auth:
                  apiKey:
                    generate: true
            """;

    private static final String SIDECAR = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: agent
            spec:
              mode: sidecar
              upstream:
                endpoint: http://collector.observability.svc:4317
            """;

    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    /** What kubectl apply and the API server's field manager add to an object's metadata, as the server sends it. */
    private static final String APPLIED_BY_KUBECTL = """
            {"metadata": {
              "annotations": {
                "kubectl.kubernetes.io/last-applied-configuration": "{\\"apiVersion\\":\\"v1\\",\\"kind\\":\\"Object\\",\\"metadata\\":{\\"annotations\\":{},\\"name\\":\\"gateway\\"}}\\n",
                "team.example/owner": "observability"
              },
              "managedFields": [
                {"manager": "kubectl-client-side-apply", "operation": "Update", "apiVersion": "v1",
                 "time": "2026-12-07T10:00:00Z", "fieldsType": "FieldsV1",
                 "fieldsV1": {"f:metadata": {"f:annotations": {".": {},
                   "f:kubectl.kubernetes.io/last-applied-configuration": {}, "f:team.example/owner": {}}}}},
                {"manager": "otlp-fleet-operator", "operation": "Update", "apiVersion": "v1",
                 "time": "2026-12-07T09:59:00Z", "fieldsType": "FieldsV1",
                 "fieldsV1": {"f:metadata": {"f:labels": {".": {}, "f:app.kubernetes.io/name": {}}}}}
              ]
            }}
            """;

    private static final String SERVICE_STATUS = """
            {"status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.7", "ipMode": "VIP"}]},
             "conditions": [{"type": "LoadBalancerReady", "status": "True", "reason": "Provisioned", "message": "",
                             "lastTransitionTime": "2026-12-07T10:00:00Z"}]}}
            """;

    private static final String BUDGET_STATUS = """
            {"status": {"observedGeneration": 1, "disruptionsAllowed": 1, "currentHealthy": 2, "desiredHealthy": 1,
             "expectedPods": 2, "conditions": [{"type": "DisruptionAllowed", "status": "True",
             "reason": "SufficientPods", "message": "", "lastTransitionTime": "2026-12-07T10:00:00Z", "observedGeneration": 1}]}}
            """;

    private static final String AUTOSCALER_STATUS = """
            {"status": {"currentReplicas": 2, "desiredReplicas": 2, "lastScaleTime": "2026-12-07T10:00:00Z",
             "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu",
               "current": {"averageUtilization": 12, "averageValue": "120m"}}}],
             "conditions": [{"type": "AbleToScale", "status": "True", "reason": "ReadyForNewScale",
               "message": "recommended size matches current size", "lastTransitionTime": "2026-12-07T10:00:00Z"}]}}
            """;

    /** An application pod the webhook injected the sidecar into, as the API server and the kubelet report it. */
    private static final String INJECTED_POD = """
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "shop-7d9f", "generateName": "shop-", "namespace": "%1$s",
               "labels": {"app": "shop", "pod-template-hash": "7d9f", "otlp.dev/sidecar-of": "agent"},
               "annotations": {"otlp.dev/config-hash": "%2$s", "kubectl.kubernetes.io/restartedAt": "2026-12-07T09:00:00Z"},
               "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "shop-7d9f",
                 "uid": "1f0c3a52-8a7e-4f7b-9a51-0c2d4b9e8f10", "controller": true, "blockOwnerDeletion": true}],
               "managedFields": [{"manager": "kube-controller-manager", "operation": "Update", "apiVersion": "v1",
                 "time": "2026-12-07T10:00:00Z", "fieldsType": "FieldsV1",
                 "fieldsV1": {"f:metadata": {"f:generateName": {}, "f:labels": {".": {}, "f:app": {}}}}}]},
             "spec": {"containers": [{"name": "app", "image": "registry.example/shop:1.4.2",
                 "ports": [{"containerPort": 8080, "protocol": "TCP"}]},
               {"name": "otlp-exporter", "image": "registry.example/otlp-exporter-runtime:test"}],
               "nodeName": "node-3", "serviceAccountName": "shop", "restartPolicy": "Always"},
             "status": {"phase": "Running", "podIP": "10.42.3.17", "hostIP": "192.0.2.3",
               "startTime": "2026-12-07T10:00:00Z",
               "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-12-07T10:00:05Z"}],
               "containerStatuses": [{"name": "app", "ready": true, "restartCount": 0, "image": "registry.example/shop:1.4.2",
                 "imageID": "registry.example/shop@sha256:0000000000000000000000000000000000000000000000000000000000000000",
                 "containerID": "containerd://abc", "started": true,
                 "state": {"running": {"startedAt": "2026-12-07T10:00:02Z"}}}]}}
            """;

    /** A runtime pod of the exporter {@code gateway}, past its config check, as the API server and the kubelet report it. */
    private static final String OWN_POD = """
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "gateway-6d4cf-abcde", "generateName": "gateway-6d4cf-", "namespace": "%1$s",
               "labels": {"app.kubernetes.io/name": "otlp-exporter", "app.kubernetes.io/instance": "gateway",
                 "app.kubernetes.io/managed-by": "otlp-fleet-operator", "pod-template-hash": "6d4cf"},
               "annotations": {"otlp.dev/config-hash": "%2$s", "prometheus.io/scrape": "true"},
               "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "gateway-6d4cf",
                 "uid": "2a1d4b63-9b8f-4e8c-8b62-1d3e5c0f9a21", "controller": true, "blockOwnerDeletion": true}],
               "managedFields": [{"manager": "kube-controller-manager", "operation": "Update", "apiVersion": "v1",
                 "time": "2026-12-07T10:00:00Z", "fieldsType": "FieldsV1",
                 "fieldsV1": {"f:metadata": {"f:generateName": {}, "f:labels": {".": {}}}}}]},
             "spec": {"initContainers": [{"name": "check-config", "image": "registry.example/otlp-exporter-runtime:0.3.0"}],
               "containers": [{"name": "exporter", "image": "registry.example/otlp-exporter-runtime:0.3.0"}],
               "nodeName": "node-2", "serviceAccountName": "gateway", "restartPolicy": "Always"},
             "status": {"phase": "Running", "podIP": "10.42.3.18", "podIPs": [{"ip": "10.42.3.18"}], "hostIP": "192.0.2.2",
               "startTime": "2026-12-07T10:00:00Z",
               "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-12-07T10:00:05Z"}],
               "initContainerStatuses": [{"name": "check-config", "ready": true, "restartCount": 0,
                 "image": "registry.example/otlp-exporter-runtime:0.3.0",
                 "imageID": "registry.example/otlp-exporter-runtime@sha256:1111111111111111111111111111111111111111111111111111111111111111",
                 "containerID": "containerd://def", "started": false,
                 "state": {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": "2026-12-07T10:00:01Z",
                   "finishedAt": "2026-12-07T10:00:02Z", "containerID": "containerd://def"}}}],
               "containerStatuses": [{"name": "exporter", "ready": true, "restartCount": 0,
                 "image": "registry.example/otlp-exporter-runtime:0.3.0",
                 "imageID": "registry.example/otlp-exporter-runtime@sha256:1111111111111111111111111111111111111111111111111111111111111111",
                 "containerID": "containerd://abc", "started": true,
                 "state": {"running": {"startedAt": "2026-12-07T10:00:03Z"}}}]}}
            """;

    /** The same pod's config check, refusing on a restart, as the kubelet reports it. */
    private static final String REFUSED_CHECK = """
            {"status": {"phase": "Pending", "initContainerStatuses": [{"name": "check-config", "ready": false,
              "restartCount": 1, "image": "registry.example/otlp-exporter-runtime:0.3.0",
              "imageID": "registry.example/otlp-exporter-runtime@sha256:1111111111111111111111111111111111111111111111111111111111111111",
              "containerID": "containerd://fed", "started": false,
              "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 10s restarting failed container"}},
              "lastState": {"terminated": {"exitCode": 2, "reason": "Error",
                "message": "queue.max_items: must be at least 1\\n", "startedAt": "2026-12-07T10:01:01Z",
                "finishedAt": "2026-12-07T10:01:02Z", "containerID": "containerd://fed"}}}]}}
            """;

    private final String namespace = OperatorTestEnvironment.uniqueNamespace();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @Test
    void cachedObjectsKeepNeitherManagedFieldsNorLastAppliedNorUnreadStatusAndStillMatchWithoutWrites() {
        Operator operator = env.startOperator(registered -> registered.register(
                        new OtlpExporterReconciler(FleetUnderTest.IMAGE, new UpstreamProbe(8080), new AdjustableClock()),
                        configuration -> configuration.withReconciliationMaxInterval(Duration.ofMillis(200))),
                overrider -> overrider.withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics)));
        env.client().resource(FleetUnderTest.exporter(namespace, SECURE_SCALED)).create();
        awaitUntil("the Deployment exists", () -> server(Deployment.class, "gateway") != null);
        env.kubelet().markReady(namespace, "gateway");
        awaitUntil("Ready=True", () -> ready("gateway"));

        List<HasMetadata> owned = List.of(server(Deployment.class, "gateway"), server(ConfigMap.class, "gateway-config"),
                server(ConfigMap.class, "gateway-receiver-ca"), server(Service.class, "gateway"),
                server(ServiceAccount.class, "gateway"), server(PodDisruptionBudget.class, "gateway"),
                server(HorizontalPodAutoscaler.class, "gateway"), server(Secret.class, "gateway-receiver-tls"),
                server(Secret.class, "gateway-receiver-ca"), server(Secret.class, "gateway-receiver-api-key"),
                server(OtlpExporter.class, "gateway"));
        assertThat(owned).doesNotContainNull();
        owned.forEach(object -> patch(object, APPLIED_BY_KUBECTL));
        patchStatus(server(Service.class, "gateway"), SERVICE_STATUS);
        patchStatus(server(PodDisruptionBudget.class, "gateway"), BUDGET_STATUS);
        patchStatus(server(HorizontalPodAutoscaler.class, "gateway"), AUTOSCALER_STATUS);
        assertThat(server(Deployment.class, "gateway").getMetadata().getManagedFields())
                .as("the server keeps what a real one sends").hasSize(2);
        assertThat(server(Service.class, "gateway").getStatus().getLoadBalancer().getIngress()).hasSize(1);
        assertThat(server(Deployment.class, "gateway").getStatus().getAvailableReplicas()).isEqualTo(2);

        Controller<?> controller = (Controller<?>) operator.getRegisteredController(OtlpExporterReconciler.NAME).orElseThrow();
        List<HasMetadata> inServer = owned.stream()
                .<HasMetadata>map(object -> server(object.getClass(), object.getMetadata().getName())).toList();
        awaitUntil("the informers have the patched objects", () -> inServer.stream().allMatch(object ->
                cached(controller, object).map(c -> c.getMetadata().getResourceVersion())
                        .filter(object.getMetadata().getResourceVersion()::equals).isPresent()));

        for (HasMetadata object : inServer) {
            HasMetadata cached = cached(controller, object).orElseThrow();
            assertThat(cached.getMetadata().getManagedFields()).as("managedFields of the cached %s", object.getKind())
                    .isNullOrEmpty();
            assertThat(cached.getMetadata().getAnnotations()).as("annotations of the cached %s", object.getKind())
                    .doesNotContainKey(LAST_APPLIED).containsEntry("team.example/owner", "observability");
            assertThat(cached.getMetadata().getOwnerReferences()).as("owner of the cached %s", object.getKind())
                    .isEqualTo(object.getMetadata().getOwnerReferences());
        }
        Deployment deployment = (Deployment) cached(controller, server(Deployment.class, "gateway")).orElseThrow();
        assertThat(deployment.getSpec()).isEqualTo(server(Deployment.class, "gateway").getSpec());
        assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(deployment.getStatus().getAvailableReplicas()).as("not read by the operator").isNull();
        assertThat(deployment.getStatus().getConditions()).singleElement()
                .satisfies(progressing -> {
                    assertThat(progressing.getType()).isEqualTo("Progressing");
                    assertThat(progressing.getLastUpdateTime()).isNull();
                });
        assertThat(((Service) cached(controller, server(Service.class, "gateway")).orElseThrow()).getStatus()).isNull();
        assertThat(((PodDisruptionBudget) cached(controller, server(PodDisruptionBudget.class, "gateway")).orElseThrow())
                .getStatus()).isNull();
        assertThat(((HorizontalPodAutoscaler) cached(controller, server(HorizontalPodAutoscaler.class, "gateway"))
                .orElseThrow()).getStatus()).isNull();
        assertThat(((Secret) cached(controller, server(Secret.class, "gateway-receiver-tls")).orElseThrow()).getData())
                .isEqualTo(server(Secret.class, "gateway-receiver-tls").getData());
        assertThat(((OtlpExporter) cached(controller, server(OtlpExporter.class, "gateway")).orElseThrow()).getStatus())
                .as("the exporter's status, which each reconcile compares").usingRecursiveComparison().isEqualTo(server(OtlpExporter.class, "gateway").getStatus());

        int mark = env.requests().mark();
        double reconciled = reconciliationsStarted();
        sleep(Duration.ofSeconds(2));
        assertThat(reconciliationsStarted()).as("resyncs meanwhile").isGreaterThan(reconciled + 3);
        assertThat(env.requests().writesSince(mark, OperatorTestEnvironment.OPERATOR_USER_AGENT))
                .as("write requests over about ten resyncs of trimmed objects").isEmpty();
        assertThat(env.requests().since(mark)).as("reads that are not watches over those resyncs: each reconcile reads caches")
                .filteredOn(request -> request.userAgent().equals(OperatorTestEnvironment.OPERATOR_USER_AGENT))
                .filteredOn(request -> request.verb() == ApiVerb.LIST || request.verb() == ApiVerb.GET)
                .isEmpty();
        assertThat(ready("gateway")).isTrue();
    }

    @Test
    void ownPodsAreCachedAsWhatTheProbeAndTheConfigCheckReadAndAChangeOfThatReconciles() {
        Operator operator = env.startOperator(registered -> registered.register(
                new OtlpExporterReconciler(FleetUnderTest.IMAGE, new UpstreamProbe(8080), new AdjustableClock())));
        env.client().resource(FleetUnderTest.exporter(namespace, SECURE_SCALED)).create();
        awaitUntil("the exporter's config is in place", () -> server(OtlpExporter.class, "gateway").getStatus() != null
                && server(OtlpExporter.class, "gateway").getStatus().getConfigHash() != null);
        String configHash = server(OtlpExporter.class, "gateway").getStatus().getConfigHash();
        Pod cached = cachedAsTheServerSends(operator, OWN_POD.formatted(namespace, configHash));
        assertThat(cached.getSpec()).isNull();
        assertThat(cached.getMetadata().getLabels()).containsOnlyKeys("app.kubernetes.io/instance");
        assertThat(cached.getMetadata().getAnnotations()).containsOnlyKeys("otlp.dev/config-hash");
        assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(cached.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(cached.getStatus().getPhase()).isEqualTo("Running");
        assertThat(cached.getStatus().getPodIP()).isEqualTo("10.42.3.18");
        assertThat(cached.getStatus().getContainerStatuses()).isNullOrEmpty();
        assertThat(cached.getStatus().getConditions()).isNullOrEmpty();
        assertThat(cached.getStatus().getInitContainerStatuses()).singleElement().satisfies(check -> {
            assertThat(check.getImage()).isEqualTo("registry.example/otlp-exporter-runtime:0.3.0");
            assertThat(check.getState().getTerminated().getExitCode()).isEqualTo(0);
            assertThat(check.getState().getTerminated().getReason()).as("not read").isNull();
            assertThat(check.getLastState()).isNull();
        });

        env.client().pods().inNamespace(namespace).withName("gateway-6d4cf-abcde").subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), REFUSED_CHECK);
        awaitUntil("the refused check, read from the cache, degrades the exporter", () ->
                FleetUnderTest.condition(server(OtlpExporter.class, "gateway"), "Degraded")
                        .filter(degraded -> "ConfigRefused".equals(degraded.getReason())).isPresent());
        assertThat(FleetUnderTest.condition(server(OtlpExporter.class, "gateway"), "Degraded").orElseThrow().getMessage())
                .contains("pod gateway-6d4cf-abcde", "queue.max_items: must be at least 1");
    }

    @Test
    void injectedPodsAreCachedAsTheirPhaseLabelAndConfigHashAndStillCounted() {
        Operator operator = env.startOperator(registered -> registered.register(
                new OtlpExporterReconciler(FleetUnderTest.IMAGE, new UpstreamProbe(8080), new AdjustableClock())));
        env.client().resource(FleetUnderTest.exporter(namespace, SIDECAR)).create();
        awaitUntil("the exporter's config is in place", () -> server(OtlpExporter.class, "agent").getStatus() != null
                && server(OtlpExporter.class, "agent").getStatus().getConfigHash() != null);
        String configHash = server(OtlpExporter.class, "agent").getStatus().getConfigHash();
        Pod cached = cachedAsTheServerSends(operator, INJECTED_POD.formatted(namespace, configHash));
        assertThat(cached.getSpec()).isNull();
        assertThat(cached.getStatus().getPhase()).isEqualTo("Running");
        assertThat(cached.getStatus().getContainerStatuses()).isNullOrEmpty();
        assertThat(cached.getStatus().getConditions()).isNullOrEmpty();
        assertThat(cached.getMetadata().getLabels()).containsOnlyKeys("otlp.dev/sidecar-of");
        assertThat(cached.getMetadata().getAnnotations()).containsOnlyKeys("otlp.dev/config-hash");
        assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(cached.getMetadata().getOwnerReferences()).isNullOrEmpty();
        awaitUntil("the status counts the pod", () ->
                Integer.valueOf(1).equals(server(OtlpExporter.class, "agent").getStatus().getInjectedPods()));
        assertThat(server(OtlpExporter.class, "agent").getStatus().getReady()).isEqualTo("1 injected");
    }

    /** Creates the pod as the API server and the kubelet report it, and returns it from the operator's cache. */
    private Pod cachedAsTheServerSends(Operator operator, String json) {
        Pod pod = env.client().pods().inNamespace(namespace)
                .resource(io.fabric8.kubernetes.client.utils.Serialization.unmarshal(json, Pod.class)).create();
        env.client().pods().inNamespace(namespace).withName(pod.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), json);
        Pod inServer = server(Pod.class, pod.getMetadata().getName());
        assertThat(inServer.getStatus().getContainerStatuses()).as("the server keeps what the kubelet reports").hasSize(1);
        Controller<?> controller = (Controller<?>) operator.getRegisteredController(OtlpExporterReconciler.NAME).orElseThrow();
        awaitUntil("the informer has the pod", () -> cached(controller, inServer).map(c -> c.getMetadata().getResourceVersion())
                .filter(inServer.getMetadata().getResourceVersion()::equals).isPresent());
        return (Pod) cached(controller, inServer).orElseThrow();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Optional<HasMetadata> cached(Controller<?> controller, HasMetadata object) {
        ResourceID id = ResourceID.fromResource(object);
        if (object instanceof OtlpExporter) {
            return controller.getEventSourceManager().getControllerEventSource().get(id).map(HasMetadata.class::cast);
        }
        List<EventSource<?, ?>> sources = controller.getEventSourceManager().getEventSourcesFor((Class) object.getClass());
        return sources.stream()
                .filter(ManagedInformerEventSource.class::isInstance)
                .map(source -> ((ManagedInformerEventSource<HasMetadata, ?, ?>) source).get(id))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private void patch(HasMetadata object, String json) {
        env.client().resource(object).patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }

    private void patchStatus(HasMetadata object, String json) {
        env.client().resource(object).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }

    private <T extends HasMetadata> T server(Class<T> type, String name) {
        return env.client().resources(type).inNamespace(namespace).withName(name).get();
    }

    private boolean ready(String name) {
        return FleetUnderTest.condition(server(OtlpExporter.class, name), "Ready")
                .map(condition -> "True".equals(condition.getStatus())).orElse(false);
    }

    private double reconciliationsStarted() {
        return metrics.getMeters().stream()
                .filter(meter -> meter.getId().getName().endsWith("reconciliations.started"))
                .mapToDouble(meter -> ((Counter) meter).count())
                .sum();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
