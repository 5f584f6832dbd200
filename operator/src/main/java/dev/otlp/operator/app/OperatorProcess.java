package dev.otlp.operator.app;

import dev.otlp.operator.webhook.AdmissionWebhook;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operator with its endpoints: {@code /healthz} answers from the start, and fails while the
 * reconcile loop is stuck; {@code /readyz} once the operator has started and its informers are
 * healthy; {@code /metrics} throughout.
 */
public final class OperatorProcess implements AutoCloseable {

    private final KubernetesClient client;
    private final OperatorEndpoints endpoints;
    private final OtlpFleetOperator operator;
    private final AdmissionWebhook webhook;

    private OperatorProcess(KubernetesClient client, OperatorEndpoints endpoints, OtlpFleetOperator operator,
                            AdmissionWebhook webhook) {
        this.client = client;
        this.endpoints = endpoints;
        this.operator = operator;
        this.webhook = webhook;
    }

    /**
     * Starts serving the endpoints, then the operator; returns once the operator's caches are synced.
     *
     * @param client the operator's client, closed with it
     */
    public static OperatorProcess start(KubernetesClient client, OperatorSettings settings, int healthPort, int metricsPort) {
        return start(client, settings, healthPort, metricsPort, null);
    }

    /** @param webhook the admission webhook to serve beside the operator; null for none */
    public static OperatorProcess start(KubernetesClient client, OperatorSettings settings, int healthPort, int metricsPort,
                                        OperatorOptions.Webhook webhook) {
        PrometheusMeterRegistry registry = OperatorMeterRegistry.create();
        AtomicReference<OtlpFleetOperator> started = new AtomicReference<>();
        OperatorEndpoints endpoints;
        try {
            endpoints = OperatorEndpoints.start(healthPort, metricsPort,
                    () -> Optional.ofNullable(started.get()).flatMap(OtlpFleetOperator::stall),
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
        AdmissionWebhook admission = null;
        if (webhook != null) {
            try {
                admission = AdmissionWebhook.start(client, webhook.namespace(), webhook.service(), webhook.configuration(),
                        webhook.port(), settings.runtimeImage(), Clock.systemUTC());
            } catch (RuntimeException e) {
                started.get().close();
                endpoints.close();
                client.close();
                throw e;
            }
        }
        return new OperatorProcess(client, endpoints, started.get(), admission);
    }

    public int healthPort() {
        return endpoints.healthPort();
    }

    public int metricsPort() {
        return endpoints.metricsPort();
    }

    /** The admission webhook's HTTPS port, when it serves one. */
    public OptionalInt webhookPort() {
        return webhook == null ? OptionalInt.empty() : OptionalInt.of(webhook.port());
    }

    @Override
    public void close() {
        if (webhook != null) {
            webhook.close();
        }
        operator.close();
        endpoints.close();
        client.close();
    }
}
