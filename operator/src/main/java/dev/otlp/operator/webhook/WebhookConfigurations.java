package dev.otlp.operator.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The Validating- and MutatingWebhookConfiguration named {@code name}, whose {@code caBundle} the
 * operator keeps. Both are watched by name (a {@code metadata.name} field selector, which RBAC
 * {@code resourceNames} covers), so that a configuration created or overwritten after start-up
 * (say by {@code helm upgrade}) trusts the webhook within seconds; a watch the API server closes is
 * opened again.
 */
final class WebhookConfigurations implements AutoCloseable {

    static final Duration REWATCH_DELAY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(WebhookConfigurations.class);

    private final KubernetesClient client;
    private final String name;
    private final ScheduledExecutorService executor;
    private final Runnable onChange;
    private final ConcurrentHashMap<String, Watch> watches = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param executor runs {@code onChange} and every re-opened watch, one at a time
     * @param onChange called (on {@code executor}) when either configuration was created or changed,
     *                 or when a watch was opened again and changes may have been missed
     */
    WebhookConfigurations(KubernetesClient client, String name, ScheduledExecutorService executor, Runnable onChange) {
        this.client = client;
        this.name = name;
        this.executor = executor;
        this.onChange = onChange;
    }

    /** Writes {@code caBundle} into every webhook of both configurations that does not hold it yet; no write otherwise. */
    void publish(String caBundle) {
        publish(caBundle, validating(),
                configuration -> configuration.getWebhooks().stream().map(ValidatingWebhook::getClientConfig).toList(),
                "No ValidatingWebhookConfiguration {}: OtlpExporters are checked by the operator only after they are stored");
        publish(caBundle, mutating(),
                configuration -> configuration.getWebhooks().stream().map(MutatingWebhook::getClientConfig).toList(),
                "No MutatingWebhookConfiguration {}: no pod gets a sidecar exporter injected");
    }

    void watch() {
        watch(ValidatingWebhookConfiguration.class.getSimpleName(), validating());
        watch(MutatingWebhookConfiguration.class.getSimpleName(), mutating());
    }

    private Resource<ValidatingWebhookConfiguration> validating() {
        return client.admissionRegistration().v1().validatingWebhookConfigurations().withName(name);
    }

    private Resource<MutatingWebhookConfiguration> mutating() {
        return client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(name);
    }

    private <T> void publish(String caBundle, Resource<T> configuration,
                             Function<T, List<WebhookClientConfig>> clientConfigs, String whenMissing) {
        T existing = configuration.get();
        if (existing == null) {
            LOG.warn(whenMissing, name);
        } else if (!clientConfigs.apply(existing).stream().allMatch(config -> caBundle.equals(config.getCaBundle()))) {
            configuration.edit(current -> {
                clientConfigs.apply(current).forEach(config -> config.setCaBundle(caBundle));
                return current;
            });
            LOG.info("Wrote the webhook's CA into the caBundle of {} {}", existing.getClass().getSimpleName(), name);
        }
    }

    private <T extends HasMetadata> void watch(String kind, Resource<T> configuration) {
        if (closed) {
            return;
        }
        try {
            Watch watch = configuration.watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, T resource) {
                    if (!closed && (action == Action.ADDED || action == Action.MODIFIED)) {
                        executor.execute(onChange);
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                    LOG.warn("The watch of {} {} closed ({}); opening it again in {}", kind, name, cause.getMessage(),
                            REWATCH_DELAY);
                    rewatch(kind, configuration);
                }
            });
            watches.put(kind, watch);
            if (closed) {
                watch.close(); // closed while it was being opened
            }
        } catch (RuntimeException e) {
            LOG.warn("Cannot watch {} {} ({}); trying again in {}", kind, name, e.getMessage(), REWATCH_DELAY);
            rewatch(kind, configuration);
        }
    }

    private <T extends HasMetadata> void rewatch(String kind, Resource<T> configuration) {
        if (closed) {
            return;
        }
        executor.schedule(() -> {
            watch(kind, configuration);
            onChange.run();
        }, REWATCH_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        watches.values().forEach(Watch::close);
    }
}
