package dev.otlp.demo;

import dev.otlp.cluster.EmbeddedApiServer;
import dev.otlp.operator.app.OperatorOptions;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Stream;

/**
 * The operator's admission webhooks in the demo, as the kustomize bases install them in a cluster:
 * their Validating- and MutatingWebhookConfiguration ({@code config/webhook}, copied into the jar
 * as they are) are created, the operator serves the webhooks on a port of its own and writes its CA
 * into their caBundle, and the embedded API server reaches their Service there.
 */
final class DemoWebhooks {

    private static final String VALIDATING = "/demo/webhook/validating_webhook.yaml";
    private static final String MUTATING = "/demo/webhook/mutating_webhook.yaml";

    private final ValidatingWebhookConfiguration validating;
    private final MutatingWebhookConfiguration mutating;

    private DemoWebhooks(ValidatingWebhookConfiguration validating, MutatingWebhookConfiguration mutating) {
        this.validating = validating;
        this.mutating = mutating;
    }

    /** Creates both configurations, without a caBundle yet: the operator writes it when its webhook starts. */
    static DemoWebhooks install(KubernetesClient client) {
        DemoWebhooks webhooks = new DemoWebhooks(load(client, VALIDATING, ValidatingWebhookConfiguration.class),
                load(client, MUTATING, MutatingWebhookConfiguration.class));
        if (!webhooks.validating.getMetadata().getName().equals(webhooks.mutating.getMetadata().getName())) {
            throw new IllegalStateException("the operator keeps the caBundle of one name: " + VALIDATING + " and " + MUTATING
                    + " must name their configurations alike");
        }
        client.resource(webhooks.validating).create();
        client.resource(webhooks.mutating).create();
        return webhooks;
    }

    /** What the operator serves: the configurations' Service, in its namespace, and their name; on a free port. */
    OperatorOptions.Webhook operatorWebhook() {
        ServiceReference service = services().findFirst().orElseThrow();
        return new OperatorOptions.Webhook(0, service.getNamespace(), service.getName(), validating.getMetadata().getName());
    }

    /** Sends what the API server addresses to the configurations' Service to the operator's webhook port. */
    void routeTo(EmbeddedApiServer apiServer, int webhookPort) {
        InetSocketAddress operator = new InetSocketAddress(InetAddress.getLoopbackAddress(), webhookPort);
        services().forEach(service -> apiServer.routeService(service.getNamespace(), service.getName(),
                service.getPort() == null ? 443 : service.getPort(), operator));
    }

    private Stream<ServiceReference> services() {
        return Stream.concat(validating.getWebhooks().stream().map(webhook -> webhook.getClientConfig().getService()),
                mutating.getWebhooks().stream().map(webhook -> webhook.getClientConfig().getService()));
    }

    private static <T> T load(KubernetesClient client, String resource, Class<T> kind) {
        try (InputStream in = DemoWebhooks.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " in the demo's jar");
            }
            List<?> items = client.load(in).items();
            return kind.cast(items.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
