package dev.otlp.operator.reconciler;

import dev.otlp.operator.testing.ApiVerb;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import dev.otlp.operator.testing.RequestRecorder.ApiRequest;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceBuilder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An exporter that autoscales on queue fill, on a cluster without the custom metrics API: its HorizontalPodAutoscaler
 * exists, and the status says it cannot read its metrics, naming the missing APIService, instead of an HPA that
 * silently never scales; the condition clears once the APIService is there and available, and comes back when it
 * fails or goes. The APIService is watched by name, not read per reconcile.
 */
class CustomMetricsApiConditionTest {

    private static final String API_SERVICE = "v1beta1.custom.metrics.k8s.io";
    private static final String SCALES_ON_QUEUE_FILL = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: gateway
            spec:
              upstream:
                endpoint: http://collector.observability.svc:4317
              autoscaling:
                minReplicas: 2
                maxReplicas: 6
                metrics: {cpu: 80, queueFill: 0.5}
            """;

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private final Cluster cluster = new Cluster(env);
    @RegisterExtension
    final FleetUnderTest fleet = new FleetUnderTest(env, Cluster.RESYNC);

    @Test
    void saysTheCustomMetricsApiIsMissingUntilItsApiServiceIsAvailable() {
        cluster.create(SCALES_ON_QUEUE_FILL);
        cluster.awaitReady("gateway");

        HorizontalPodAutoscaler hpa = cluster.get(HorizontalPodAutoscaler.class, "gateway");
        assertThat(hpa.getSpec().getMetrics()).extracting(MetricSpec::getType).containsExactly("Resource", "Pods");
        Condition missing = cluster.awaitCondition("gateway", "Autoscaling", "False", "CustomMetricsApiMissing");
        assertThat(missing.getMessage()).contains("APIService " + API_SERVICE + " is not installed",
                "HorizontalPodAutoscaler gateway cannot read queueFill", "prometheus-adapter");
        assertThat(cluster.condition("gateway", "Ready").getStatus()).isEqualTo("True");

        env.client().resource(apiService("True", "Passed", "all checks passed")).create();
        Condition available = cluster.awaitCondition("gateway", "Autoscaling", "True", "MetricsAvailable");
        assertThat(available.getMessage()).isEqualTo("HorizontalPodAutoscaler gateway scales on cpu, queueFill");

        env.client().resource(apiService("False", "FailedDiscoveryCheck", "no response from https://10.0.0.7:6443"))
                .update();
        Condition unavailable = cluster.awaitCondition("gateway", "Autoscaling", "False", "CustomMetricsApiUnavailable");
        assertThat(unavailable.getMessage()).contains(API_SERVICE + " is not available (no response from https://10.0.0.7:6443)");

        env.client().resources(APIService.class).withName(API_SERVICE).delete();
        cluster.awaitCondition("gateway", "Autoscaling", "False", "CustomMetricsApiMissing");
    }

    @Test
    void theApiServiceIsWatchedByNameAndNotReadPerReconcile() {
        cluster.create(SCALES_ON_QUEUE_FILL.replace("name: gateway", "name: watched"));
        cluster.awaitCondition("watched", "Autoscaling", "False", "CustomMetricsApiMissing");
        int mark = cluster.mark();
        double reconciled = fleet.reconciliationsStarted();
        Cluster.sleep(Duration.ofSeconds(2));
        double reconciles = fleet.reconciliationsStarted() - reconciled;

        assertThat(reconciles).isGreaterThan(2);
        assertThat(apiServiceRequests(0)).as("the operator's requests on APIServices, since it started").isNotEmpty()
                .allSatisfy(request -> {
                    assertThat(request.verb()).isIn(ApiVerb.LIST, ApiVerb.WATCH);
                    assertThat(request.path()).contains("fieldSelector=metadata.name%3D" + API_SERVICE);
                });
        assertThat((double) apiServiceRequests(mark).size()).as("APIService requests while reconciling")
                .isLessThan(reconciles);
    }

    private static List<ApiRequest> apiServiceRequests(int since) {
        return env.requests().since(since).stream()
                .filter(request -> OperatorTestEnvironment.OPERATOR_USER_AGENT.equals(request.userAgent()))
                .filter(request -> request.path().contains("/apiservices"))
                .toList();
    }

    private static APIService apiService(String available, String reason, String message) {
        return new APIServiceBuilder().withNewMetadata().withName(API_SERVICE).endMetadata()
                .withNewSpec().withGroup("custom.metrics.k8s.io").withVersion("v1beta1").withGroupPriorityMinimum(100)
                .withVersionPriority(100).withNewService().withName("prometheus-adapter").withNamespace("monitoring")
                .endService().endSpec()
                .withNewStatus().addNewCondition().withType("Available").withStatus(available).withReason(reason)
                .withMessage(message).endCondition().endStatus()
                .build();
    }
}
