package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.app.OperatorSettings;
import dev.otlp.operator.app.OtlpFleetOperator;
import dev.otlp.operator.app.RetainedQueueGauges;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The real operator, started as in production, against the test environment's API server; as a
 * test's {@code @RegisterExtension} field, stopped after each test.
 */
final class FleetUnderTest implements AutoCloseable, AfterEachCallback {

    static final String IMAGE = "registry.example/otlp-exporter-runtime:test";

    private final KubernetesClient operatorClient;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final OtlpFleetOperator operator;
    private final List<String> stoppedInformers = new CopyOnWriteArrayList<>();

    FleetUnderTest(OperatorTestEnvironment env, Duration resync) {
        this(env, new OperatorSettings(IMAGE, Set.of(), null, resync));
    }

    FleetUnderTest(OperatorTestEnvironment env, OperatorSettings settings) {
        this(env, settings, Clock.systemUTC());
    }

    FleetUnderTest(OperatorTestEnvironment env, OperatorSettings settings, Clock clock) {
        operatorClient = env.apiServer().newClient(OperatorTestEnvironment.OPERATOR_USER_AGENT);
        // In a pod the process would exit and restart; here that would end the test JVM with every test after it.
        operator = OtlpFleetOperator.start(operatorClient, settings, metrics, clock, (informer, cause) -> {
            if (cause != null) {
                stoppedInformers.add(informer + ": " + cause);
            }
        });
    }

    /** Reconciliations started so far, as java-operator-sdk counts them. */
    double reconciliationsStarted() {
        return metrics.getMeters().stream()
                .filter(meter -> meter.getId().getName().endsWith("reconciliations.started"))
                .mapToDouble(meter -> ((Counter) meter).count())
                .sum();
    }

    /** Objects the operator's informer caches have decoded so far, as its metric counts them. */
    double cacheDecodes() {
        return metrics.get(OtlpFleetOperator.CACHE_DECODES).functionCounter().count();
    }

    /** The operator's {@value RetainedQueueGauges#NAME} series: each one's value by its labels. */
    Map<Map<String, String>, Double> retainedQueueBytes() {
        return metrics.find(RetainedQueueGauges.NAME).gauges().stream().collect(Collectors.toMap(
                gauge -> gauge.getId().getTags().stream().collect(Collectors.toMap(Tag::getKey, Tag::getValue)),
                Gauge::value));
    }

    static OtlpExporter exporter(String namespace, String yaml) {
        OtlpExporter exporter = Serialization.unmarshal(yaml, OtlpExporter.class);
        exporter.getMetadata().setNamespace(namespace);
        return exporter;
    }

    static Optional<Condition> condition(OtlpExporter exporter, String type) {
        if (exporter == null || exporter.getStatus() == null || exporter.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return exporter.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
        if (!stoppedInformers.isEmpty()) {
            throw new AssertionError("the operator's informers stopped on an error (a pod would exit): " + stoppedInformers);
        }
    }

    @Override
    public void close() {
        operator.close();
        operatorClient.close();
    }
}
