package dev.otlp.cluster.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * Sends an AdmissionReview to a webhook as kube-apiserver does: HTTPS POST to {@code clientConfig.url},
 * or to {@code https://<service>.<namespace>.svc:<port><path>} for a service reference (connected to
 * where {@link ServiceRoutes} says it is served, and the certificate checked for that DNS name),
 * trusting only the CAs of {@code caBundle} (the JVM's roots when it is empty, as the API server uses
 * the system's), with {@code ?timeout=} and the webhook's timeout on connecting and on the answer.
 */
final class WebhookCall {

    private static final ObjectMapper JSON = KubernetesJson.mapper();
    private static final int MAX_ANSWER_BYTES = 3 << 20;

    private final ServiceRoutes services;

    WebhookCall(ServiceRoutes services) {
        this.services = services;
    }

    /** @return the AdmissionReview the webhook answered, or throws {@link WebhookCallException} */
    JsonNode send(Webhook webhook, JsonNode review) {
        WebhookClientConfig config = webhook.clientConfig();
        Duration timeout = webhook.timeout();
        String query = "?timeout=" + timeout.toSeconds() + "s";
        URL url;
        String expectedHost;
        try {
            if (config.getUrl() != null) {
                URI uri = URI.create(config.getUrl());
                url = uri.resolve(uri.getRawPath() + query).toURL();
                expectedHost = null;
            } else if (config.getService() != null) {
                ServiceReference service = config.getService();
                int port = service.getPort() == null ? 443 : service.getPort();
                expectedHost = service.getName() + "." + service.getNamespace() + ".svc";
                InetSocketAddress target = services.target(service.getNamespace(), service.getName(), port)
                        .orElseThrow(() -> new WebhookCallException("no endpoints available for service \""
                                + service.getName() + "\" (the embedded API server routes only the services it is told of)"));
                String path = service.getPath() == null ? "/" : service.getPath();
                url = new URL("https", target.getHostString(), target.getPort(), path + query);
            } else {
                throw new WebhookCallException("clientConfig has neither url nor service");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new WebhookCallException("bad webhook address: " + e.getMessage());
        }
        return post(url, expectedHost, config.getCaBundle(), timeout, review);
    }

    private JsonNode post(URL url, String expectedHost, String caBundle, Duration timeout, JsonNode review) {
        try {
            HttpsURLConnection connection = (HttpsURLConnection) url.openConnection();
            connection.setSSLSocketFactory(trusting(caBundle).getSocketFactory());
            if (expectedHost != null) {
                connection.setHostnameVerifier(certifiedFor(expectedHost));
            }
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setRequestProperty("Accept", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                JSON.writeValue(out, review);
            }
            int code = connection.getResponseCode();
            if (code != 200) {
                throw new WebhookCallException("the server responded with HTTP " + code);
            }
            try (InputStream in = connection.getInputStream()) {
                byte[] answer = in.readNBytes(MAX_ANSWER_BYTES + 1);
                if (answer.length > MAX_ANSWER_BYTES) {
                    throw new WebhookCallException("the answer is larger than " + MAX_ANSWER_BYTES + " bytes");
                }
                return JSON.readTree(answer);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new WebhookCallException("Post \"" + shown(url, expectedHost) + "\": " + e.getMessage());
        }
    }

    private static String shown(URL url, String expectedHost) {
        return expectedHost == null ? url.toString()
                : "https://" + expectedHost + url.getFile() + " (at " + url.getHost() + ":" + url.getPort() + ")";
    }

    private static SSLContext trusting(String caBundle) throws GeneralSecurityException, IOException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caBundle == null || caBundle.isEmpty()) {
            trust.init((KeyStore) null);
        } else {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            Collection<? extends Certificate> authorities = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Base64.getDecoder().decode(caBundle)));
            if (authorities.isEmpty()) {
                throw new GeneralSecurityException("caBundle holds no certificate");
            }
            int index = 0;
            for (Certificate authority : authorities) {
                store.setCertificateEntry("ca-" + index++, authority);
            }
            trust.init(store);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** A service is reached at its route's address; its certificate must name {@code <service>.<namespace>.svc}. */
    private static HostnameVerifier certifiedFor(String dnsName) {
        return (connectedHost, session) -> {
            try {
                Certificate[] chain = session.getPeerCertificates();
                Collection<List<?>> names = ((X509Certificate) chain[0]).getSubjectAlternativeNames();
                return names != null && names.stream()
                        .anyMatch(name -> Integer.valueOf(2).equals(name.get(0)) && dnsName.equalsIgnoreCase((String) name.get(1)));
            } catch (SSLPeerUnverifiedException | java.security.cert.CertificateParsingException e) {
                return false;
            }
        };
    }
}
