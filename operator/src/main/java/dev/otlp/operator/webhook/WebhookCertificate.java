package dev.otlp.operator.webhook;

import dev.otlp.operator.secrets.ServiceCertificates;
import dev.otlp.operator.secrets.ReceiverTlsSecrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The webhook's serving certificate, issued by the operator itself (no cert-manager): a CA and a
 * certificate for the webhook Service's names, kept in one Secret in the operator's namespace so
 * that every replica serves the same one, and renewed 30 days before either expires. Replicas
 * racing to write it settle on whichever write the API server took first.
 */
final class WebhookCertificate {

    static final String TYPE = "Opaque";

    private final KubernetesClient client;
    private final String namespace;
    private final String serviceName;
    private final ServiceCertificates certificates = new ServiceCertificates();

    WebhookCertificate(KubernetesClient client, String namespace, String serviceName) {
        this.client = client;
        this.namespace = namespace;
        this.serviceName = serviceName;
    }

    String secretName() {
        return serviceName + "-tls";
    }

    /** The TLS data to serve at {@code now} (tls.crt, tls.key, ca.crt), written to the Secret first when it was due. */
    Map<String, String> current(Instant now) {
        Secret stored = client.secrets().inNamespace(namespace).withName(secretName()).get();
        Map<String, String> data = stored == null || stored.getData() == null ? Map.of() : stored.getData();
        Map<String, String> tls = only(data, ServiceCertificates.TLS_SECRET_KEYS.toArray(String[]::new));
        Map<String, String> ca = only(data, ServiceCertificates.CA_CRT, ServiceCertificates.CA_KEY);
        if (!certificates.needsRenewal(tls, ca, serviceName, namespace, now)) {
            return tls;
        }
        ReceiverTlsSecrets renewed = certificates.desiredData(tls, ca, serviceName, namespace, now);
        Map<String, String> all = new HashMap<>(renewed.tls());
        all.putAll(renewed.ca());
        Secret desired = new SecretBuilder().withNewMetadata().withName(secretName()).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "otlp-fleet-operator")
                .addToLabels("app.kubernetes.io/component", "webhook-tls").endMetadata()
                .withType(TYPE).withData(all).build();
        try {
            if (stored == null) {
                client.resource(desired).create();
            } else {
                desired.getMetadata().setResourceVersion(stored.getMetadata().getResourceVersion());
                client.resource(desired).update();
            }
            return renewed.tls();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return current(now);
            }
            throw e;
        }
    }

    private static Map<String, String> only(Map<String, String> data, String... keys) {
        Map<String, String> selected = new HashMap<>();
        for (String key : keys) {
            if (data.containsKey(key)) {
                selected.put(key, data.get(key));
            }
        }
        return selected.isEmpty() ? null : selected;
    }
}
