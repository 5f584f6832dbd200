package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.AutoscalingEngine;
import dev.otlp.operator.render.ScaledObject;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spec.autoscaling.engine: keda} on a cluster without KEDA: no ScaledObject (and no HPA), and the status says
 * so; installing KEDA's CRD while the operator runs brings the ScaledObject, owned by the exporter; switching to engine
 * hpa replaces it with a HorizontalPodAutoscaler. One test, because an installed CRD stays for the class's API server.
 */
class KedaScaledObjectTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final String KEDA = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: scaled
            spec:
              upstream:
                endpoint: http://collector.observability.svc:4317
              monitoring:
                serviceMonitor: {enabled: true}
              autoscaling:
                minReplicas: 2
                maxReplicas: 12
                engine: keda
                prometheusAddress: http://prometheus-operated.monitoring.svc:9090
                metrics: {queueFill: 0.6, receivedItemsRate: 40000}
            """;

    private final Cluster cluster = new Cluster(env);
    @RegisterExtension
    final FleetUnderTest fleet = new FleetUnderTest(env, Cluster.RESYNC);

    @Test
    void createsTheScaledObjectOnlyOnceKedasCrdExistsAndReplacesItWithAnHpaWhenTheEngineChanges() {
        cluster.create(KEDA);
        cluster.awaitReady("scaled");

        Condition missing = cluster.awaitCondition("scaled", "Autoscaling", "False", "KedaNotInstalled");
        assertThat(missing.getMessage()).contains("scaledobjects.keda.sh");
        assertThat(cluster.list(ScaledObject.class)).isEmpty();
        assertThat(cluster.list(HorizontalPodAutoscaler.class)).isEmpty();

        env.installCrd("/embedded/crds/keda.sh_scaledobjects.yaml");

        cluster.awaitCondition("scaled", "Autoscaling", "True", "ScaledObjectManaged");
        awaitUntil("the ScaledObject exists", () -> cluster.get(ScaledObject.class, "scaled") != null);
        ScaledObject scaledObject = cluster.get(ScaledObject.class, "scaled");
        assertThat(scaledObject.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(cluster.exporter("scaled").getMetadata().getUid()));
        assertThat(scaledObject.getSpec()).containsEntry("minReplicaCount", 2).containsEntry("maxReplicaCount", 12);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> triggers = (List<Map<String, Object>>) scaledObject.getSpec().get("triggers");
        assertThat(triggers).extracting(trigger -> trigger.get("name")).containsExactly("queueFill", "receivedItemsRate");
        assertThat(cluster.list(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(cluster.operatorWritesWhileIdle(fleet)).isEmpty();

        cluster.editSpec("scaled", spec -> {
            spec.getAutoscaling().setEngine(AutoscalingEngine.HPA);
            spec.getAutoscaling().setPrometheusAddress(null);
        });

        awaitUntil("the HorizontalPodAutoscaler replaces the ScaledObject", () ->
                cluster.get(HorizontalPodAutoscaler.class, "scaled") != null && cluster.list(ScaledObject.class).isEmpty());
        cluster.awaitCondition("scaled", "Autoscaling", "False", "CustomMetricsApiMissing");
    }
}
