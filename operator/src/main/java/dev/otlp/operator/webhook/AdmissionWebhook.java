package dev.otlp.operator.webhook;

import dev.otlp.operator.secrets.ServingKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.otlp.operator.api.KubernetesJson;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The operator's admission webhooks, HTTPS on {@code port}: {@value #PATH} validates
 * {@code OtlpExporter}s ({@link ExporterAdmission}), {@value #INJECT_PATH} injects mode-sidecar
 * exporters into annotated pods ({@link PodInjection}). It serves the certificate of
 * {@link WebhookCertificate} and writes that certificate's CA into the {@code caBundle} of the
 * Validating- and MutatingWebhookConfiguration {@code configurationName} ({@link WebhookConfigurations}):
 * at once when either is created or changed, and every {@link #REFRESH}, when the certificate is also
 * checked, so that a renewed certificate is served and trusted without a restart.
 */
public final class AdmissionWebhook implements AutoCloseable {

    public static final String PATH = "/validate-otlpexporter";
    public static final String INJECT_PATH = "/inject-sidecar";
    static final Duration REFRESH = Duration.ofMinutes(10);
    /** An AdmissionReview of an OtlpExporter or a Pod is a few kilobytes; anything much larger is not one. */
    private static final int MAX_REVIEW_BYTES = 4 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionWebhook.class);
    private static final ObjectMapper JSON = KubernetesJson.MAPPER;

    private final WebhookConfigurations configurations;
    private final WebhookCertificate certificate;
    private final Clock clock;
    private final HttpsServer server;
    private final ReloadingKeyManager keys;
    private final ExecutorService handlers = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "admission-webhook");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService refresher;
    private Map<String, String> served;

    private AdmissionWebhook(KubernetesClient client, String namespace, String serviceName, String configurationName,
                             int port, String runtimeImage, Clock clock) throws IOException, GeneralSecurityException {
        this.certificate = new WebhookCertificate(client, namespace, serviceName);
        this.clock = clock;
        this.served = certificate.current(clock.instant());
        this.keys = new ReloadingKeyManager(ServingKeys.from(served));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(new KeyManager[] {keys}, null, null);
        this.server = HttpsServer.create(new InetSocketAddress(port), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(handlers);
        server.createContext(PATH, exchange -> handle(exchange, ExporterAdmission::answer));
        PodInjection injection = new PodInjection(client, runtimeImage);
        server.createContext(INJECT_PATH, exchange -> handle(exchange, injection::answer));
        this.refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "admission-webhook-refresh");
            thread.setDaemon(true);
            return thread;
        });
        this.configurations = new WebhookConfigurations(client, configurationName, refresher, this::refresh);
    }

    /**
     * Serves the webhook and keeps its certificate and caBundle current.
     *
     * @param namespace         the operator's namespace, where the certificate's Secret lives
     * @param serviceName       the Service in front of the webhook, whose names the certificate holds
     * @param configurationName the Validating- and MutatingWebhookConfiguration whose caBundle is kept current
     * @param runtimeImage      the runtime image injected for sidecar exporters that name none
     */
    public static AdmissionWebhook start(KubernetesClient client, String namespace, String serviceName,
                                         String configurationName, int port, String runtimeImage, Clock clock) {
        try {
            AdmissionWebhook webhook = new AdmissionWebhook(client, namespace, serviceName, configurationName, port,
                    runtimeImage, clock);
            webhook.server.start();
            webhook.publishCaBundle();
            webhook.configurations.watch();
            webhook.refresher.scheduleWithFixedDelay(webhook::refresh, REFRESH.toSeconds(), REFRESH.toSeconds(),
                    TimeUnit.SECONDS);
            LOG.info("Serving the admission webhooks (OtlpExporter validation, sidecar injection) on port {}", webhook.port());
            return webhook;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the admission webhook on port " + port + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the admission webhook's TLS: " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Renews the certificate when due (or serves the one another replica renewed), and trusts its CA
     * in the caBundle: replicas read the same Secret, so they never overwrite each other's caBundle.
     */
    synchronized void refresh() {
        try {
            Map<String, String> current = certificate.current(clock.instant());
            if (!current.equals(served)) {
                keys.replace(ServingKeys.from(current));
                served = current;
                LOG.info("The admission webhook serves a renewed certificate");
            }
            publishCaBundle();
        } catch (RuntimeException e) {
            LOG.warn("Refreshing the admission webhook's certificate failed; retrying in {}: {}", REFRESH, e.getMessage());
        }
    }

    private synchronized void publishCaBundle() {
        configurations.publish(Base64.getEncoder().encodeToString(
                ServingKeys.caCertificatePem(served).getBytes(StandardCharsets.US_ASCII)));
    }

    private void handle(HttpExchange exchange, UnaryOperator<JsonNode> answer) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            JsonNode review;
            try (InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readNBytes(MAX_REVIEW_BYTES + 1);
                if (bytes.length > MAX_REVIEW_BYTES) {
                    exchange.sendResponseHeaders(413, -1);
                    return;
                }
                review = JSON.readTree(bytes);
            } catch (IOException malformed) {
                byte[] message = ("not an AdmissionReview: " + malformed.getMessage()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(400, message.length);
                exchange.getResponseBody().write(message);
                return;
            }
            byte[] answered = JSON.writeValueAsBytes(answer.apply(review));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answered.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answered);
            }
        }
    }

    @Override
    public void close() {
        configurations.close();
        refresher.shutdownNow();
        server.stop(0);
        handlers.shutdownNow();
    }
}
