package dev.otlp.operator.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operator with its endpoints: {@code /healthz} answers from the start, {@code /readyz} once
 * the operator has started and its informers are healthy, {@code /metrics} throughout.
 */
final class OperatorProcess implements AutoCloseable {

    private final KubernetesClient client;
    private final OperatorEndpoints endpoints;
    private final OtlpFleetOperator operator;

    private OperatorProcess(KubernetesClient client, OperatorEndpoints endpoints, OtlpFleetOperator operator) {
        this.client = client;
        this.endpoints = endpoints;
        this.operator = operator;
    }

    /**
     * Starts serving the endpoints, then the operator; returns once the operator's caches are synced.
     *
     * @param client the operator's client, closed with it
     */
    static OperatorProcess start(KubernetesClient client, OperatorSettings settings, int healthPort, int metricsPort) {
        PrometheusMeterRegistry registry = OperatorMeterRegistry.create();
        AtomicReference<OtlpFleetOperator> started = new AtomicReference<>();
        OperatorEndpoints endpoints;
        try {
            endpoints = OperatorEndpoints.start(healthPort, metricsPort,
                    () -> started.get() != null && started.get().healthy(), registry);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        try {
            started.set(OtlpFleetOperator.start(client, settings, registry, Clock.systemUTC()));
        } catch (RuntimeException e) {
            endpoints.close();
            client.close();
            throw e;
        }
        return new OperatorProcess(client, endpoints, started.get());
    }

    int healthPort() {
        return endpoints.healthPort();
    }

    int metricsPort() {
        return endpoints.metricsPort();
    }

    @Override
    public void close() {
        operator.close();
        endpoints.close();
        client.close();
    }
}
