package dev.otlp.operator.webhook;

import dev.otlp.operator.testing.AdjustableClock;
import dev.otlp.operator.testing.ApiVerb;
import dev.otlp.operator.testing.RequestRecorder;
import dev.otlp.operator.testing.Exporters;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook as the API server calls it: HTTPS to the Service's name, trusting only the caBundle
 * the operator wrote into the ValidatingWebhookConfiguration, real AdmissionReview (v1) bodies.
 */
class AdmissionWebhookTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final String NAMESPACE = "otlp-fleet-system";
    private static final String SERVICE = "otlp-fleet-operator-webhook";
    private static final String SERVICE_HOST = SERVICE + "." + NAMESPACE + ".svc";
    private static final String CONFIGURATION = "otlp-fleet-operator";
    private static final String IMAGE = "ghcr.io/otlp-fleet/otlp-exporter-runtime:0.1.0";

    private final AdjustableClock clock = new AdjustableClock();
    private AdmissionWebhook webhook;

    @AfterEach
    void stop() {
        if (webhook != null) {
            webhook.close();
        }
        env.client().admissionRegistration().v1().validatingWebhookConfigurations().withName(CONFIGURATION).delete();
        env.client().admissionRegistration().v1().mutatingWebhookConfigurations().withName(CONFIGURATION).delete();
        env.client().secrets().inNamespace(NAMESPACE).withName(SERVICE + "-tls").delete();
    }

    @Test
    void issuesItsCertificateWritesTheCaBundleAndAnswersReviewsOverTls() throws Exception {
        env.client().resource(configurationWithoutCaBundle()).create();

        webhook = AdmissionWebhook.start(env.client(), NAMESPACE, SERVICE, CONFIGURATION, 0, IMAGE, clock);

        Secret secret = env.client().secrets().inNamespace(NAMESPACE).withName(SERVICE + "-tls").get();
        assertThat(secret.getData()).containsKeys("tls.crt", "tls.key", "ca.crt", "ca.key");
        String caBundle = caBundle();
        assertThat(caBundle).isEqualTo(secret.getData().get("ca.crt"));

        JsonNode allowed = post(caBundle, ExporterAdmissionTest.review("CREATE", "upstream: {endpoint: http://collector:4317}"));
        assertThat(allowed.at("/response/allowed").asBoolean()).isTrue();
        JsonNode refused = post(caBundle, ExporterAdmissionTest.review("CREATE", "upstream: {endpoint: http://c:4317}\n"
                + "compression: {algorithm: gzip, level: 12}"));
        assertThat(refused.at("/response/allowed").asBoolean()).isFalse();
        assertThat(refused.at("/response/status/message").asText()).contains("spec.compression.level");
    }

    @Test
    void trustsItsCaInTheSidecarInjectionConfigurationAndInjectsOverTls() throws Exception {
        env.client().resource(configurationWithoutCaBundle()).create();
        env.client().resource(injectionWithoutCaBundle()).create();
        String namespace = OperatorTestEnvironment.uniqueNamespace();
        env.client().resource(Exporters.withSpec("mode: sidecar\nupstream: {endpoint: http://collector:4317}\n"))
                .inNamespace(namespace).create();

        webhook = AdmissionWebhook.start(env.client(), NAMESPACE, SERVICE, CONFIGURATION, 0, IMAGE, clock);

        String caBundle = caBundle();
        assertThat(injectionCaBundle()).isEqualTo(caBundle);
        JsonNode injected = post(caBundle, PodInjectionTest.review(namespace, PodInjectionTest.pod("true")),
                AdmissionWebhook.INJECT_PATH);
        assertThat(injected.at("/response/allowed").asBoolean()).isTrue();
        assertThat(injected.at("/response/patchType").asText()).isEqualTo("JSONPatch");
    }

    @Test
    void servesARenewedCertificateWithoutARestartAndTheSameCaStaysTrusted() throws Exception {
        env.client().resource(configurationWithoutCaBundle()).create();
        // Issued 61 days ago: due for renewal now, and both certificates valid to a client's clock.
        clock.advance(Duration.ofDays(-61));
        webhook = AdmissionWebhook.start(env.client(), NAMESPACE, SERVICE, CONFIGURATION, 0, IMAGE, clock);
        String caBundle = caBundle();
        X509Certificate before = servedCertificate(caBundle);

        clock.advance(Duration.ofDays(61));
        webhook.refresh();

        X509Certificate after = servedCertificate(caBundle);
        assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        assertThat(after.getNotAfter()).isAfter(before.getNotAfter());
        assertThat(caBundle()).as("the CA outlives the serving certificate").isEqualTo(caBundle);
        assertThat(post(caBundle, ExporterAdmissionTest.review("DELETE", "{}")).at("/response/allowed").asBoolean()).isTrue();
    }

    @Test
    void refusesWhatIsNotAReviewAndAnswersTheNextOne() throws Exception {
        env.client().resource(configurationWithoutCaBundle()).create();
        webhook = AdmissionWebhook.start(env.client(), NAMESPACE, SERVICE, CONFIGURATION, 0, IMAGE, clock);
        String caBundle = caBundle();

        for (String path : List.of(AdmissionWebhook.PATH, AdmissionWebhook.INJECT_PATH)) {
            assertThat(status(caBundle, path, "GET", null)).as("GET " + path).isEqualTo(405);
            assertThat(status(caBundle, path, "POST", "{\"request\": ".getBytes(StandardCharsets.UTF_8)))
                    .as("malformed JSON to " + path).isEqualTo(400);
            assertThat(status(caBundle, path, "POST", new byte[(4 << 20) + 1])).as("over 4 MiB to " + path).isEqualTo(413);
        }
        assertThat(post(caBundle, ExporterAdmissionTest.review("CREATE", "upstream: {endpoint: http://collector:4317}"))
                .at("/response/allowed").asBoolean()).isTrue();
    }

    @Test
    void aSecondReplicaServesTheCertificateTheFirstIssued() throws Exception {
        env.client().resource(configurationWithoutCaBundle()).create();
        webhook = AdmissionWebhook.start(env.client(), NAMESPACE, SERVICE, CONFIGURATION, 0, IMAGE, clock);
        String caBundle = caBundle();

        try (AdmissionWebhook second = AdmissionWebhook.start(env.client(), NAMESPACE, SERVICE, CONFIGURATION, 0, IMAGE, clock)) {
            assertThat(servedCertificate(caBundle, second.port())).isEqualTo(servedCertificate(caBundle, webhook.port()));
            assertThat(caBundle()).isEqualTo(caBundle);
        }
    }

    @Test
    void trustsItsCaWithinSecondsInConfigurationsCreatedAfterItStarted() throws Exception {
        webhook = AdmissionWebhook.start(operatorClient(), NAMESPACE, SERVICE, CONFIGURATION, 0, IMAGE, clock);
        String ca = env.client().secrets().inNamespace(NAMESPACE).withName(SERVICE + "-tls").get().getData().get("ca.crt");

        // As helm upgrade --set webhook.sidecarInjection.enabled=true does, long after the operator started.
        env.client().resource(configurationWithoutCaBundle()).create();
        env.client().resource(injectionWithoutCaBundle()).create();

        awaitWithinSeconds("both configurations trust the webhook's CA",
                () -> ca.equals(caBundle()) && ca.equals(injectionCaBundle()));
        assertThat(post(caBundle(), ExporterAdmissionTest.review("CREATE", "upstream: {endpoint: http://collector:4317}"))
                .at("/response/allowed").asBoolean()).isTrue();
    }

    @Test
    void restoresTheCaBundleAnUpgradeWipesAndWritesNothingWhenNothingChanged() throws Exception {
        env.client().resource(configurationWithoutCaBundle()).create();
        env.client().resource(injectionWithoutCaBundle()).create();
        webhook = AdmissionWebhook.start(operatorClient(), NAMESPACE, SERVICE, CONFIGURATION, 0, IMAGE, clock);
        String caBundle = caBundle();
        assertThat(injectionCaBundle()).isEqualTo(caBundle);

        int mark = env.requests().mark();
        env.client().resource(withoutCaBundle(env.client().admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName(CONFIGURATION).get())).update();

        awaitWithinSeconds("the wiped caBundle is written again", () -> caBundle.equals(injectionCaBundle()));
        awaitWithinSeconds("the webhook looked at the configuration after its own write",
                () -> readAfterLastWrite(mark));
        assertThat(configurationWrites(mark)).as("one write repairs it; the write's own event writes nothing")
                .hasSize(1);

        int unrelated = env.requests().mark();
        env.client().admissionRegistration().v1().validatingWebhookConfigurations().withName(CONFIGURATION)
                .edit(configuration -> {
                    configuration.getMetadata().setLabels(Map.of("helm.sh/chart", "otlp-fleet-operator-0.2.0"));
                    return configuration;
                });
        awaitWithinSeconds("the webhook looked at the changed configuration", () -> readAfterLastWrite(unrelated));
        assertThat(configurationWrites(unrelated)).as("a change that keeps the caBundle is not written to").isEmpty();
        assertThat(caBundle()).isEqualTo(caBundle);
    }

    @Test
    void opensAgainAWatchTheApiServerRefused() throws Exception {
        Set<String> refusedWatches = ConcurrentHashMap.newKeySet();
        Interceptor refuseFirstWatchOfEach = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                String query = Optional.ofNullable(request.uri().getQuery()).orElse("");
                if (query.contains("watch=true") && refusedWatches.add(request.uri().getPath())) {
                    builder.setHeader("Content-Type", "application/vnd.kubernetes.protobuf"); // the API server answers 415
                }
            }
        };
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(operatorClient().getConfiguration())
                .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("refuse-first-watch", refuseFirstWatchOfEach))
                .build()) {
            webhook = AdmissionWebhook.start(client, NAMESPACE, SERVICE, CONFIGURATION, 0, IMAGE, clock);
            assertThat(refusedWatches).hasSize(2);

            env.client().resource(configurationWithoutCaBundle()).create();
            env.client().resource(injectionWithoutCaBundle()).create();

            awaitWithin(WebhookConfigurations.REWATCH_DELAY.plusSeconds(10), "both configurations trust the webhook's CA",
                    () -> caBundle() != null && caBundle().equals(injectionCaBundle()));
        }
    }

    private static KubernetesClient operatorClient() {
        return env.apiServer().newClient(OperatorTestEnvironment.OPERATOR_USER_AGENT);
    }

    /** The operator's writes to either webhook configuration since the mark. */
    private static List<RequestRecorder.ApiRequest> configurationWrites(int mark) {
        return env.requests().writesSince(mark, OperatorTestEnvironment.OPERATOR_USER_AGENT).stream()
                .filter(request -> request.path().contains("/admissionregistration.k8s.io/")).toList();
    }

    /** Whether the operator read a webhook configuration after the last write to one since the mark (by anyone). */
    private static boolean readAfterLastWrite(int mark) {
        List<RequestRecorder.ApiRequest> requests = env.requests().since(mark).stream()
                .filter(request -> request.path().contains("/admissionregistration.k8s.io/")).toList();
        int lastWrite = -1;
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).isWrite()) {
                lastWrite = i;
            }
        }
        return requests.subList(lastWrite + 1, requests.size()).stream().anyMatch(request -> request.verb() == ApiVerb.GET
                && OperatorTestEnvironment.OPERATOR_USER_AGENT.equals(request.userAgent()));
    }

    /** Polls up to ten seconds: far less than the webhook's periodic refresh, so only a watch can pass it. */
    private static void awaitWithinSeconds(String description, BooleanSupplier condition) {
        awaitWithin(Duration.ofSeconds(10), description, condition);
    }

    private static void awaitWithin(Duration deadline, String description, BooleanSupplier condition) {
        assertThat(AdmissionWebhook.REFRESH).isGreaterThan(deadline);
        Awaitility.await(description).atMost(deadline).pollInterval(Duration.ofMillis(20))
                .ignoreExceptions().until(condition::getAsBoolean);
    }

    private static MutatingWebhookConfiguration withoutCaBundle(MutatingWebhookConfiguration configuration) {
        configuration.getWebhooks().forEach(webhook -> webhook.getClientConfig().setCaBundle(null));
        return configuration;
    }

    private static MutatingWebhookConfiguration injectionWithoutCaBundle() {
        return new MutatingWebhookConfigurationBuilder().withNewMetadata().withName(CONFIGURATION).endMetadata()
                .addNewWebhook().withName("sidecar.otlp.dev").withSideEffects("None")
                .withAdmissionReviewVersions("v1").withFailurePolicy("Ignore")
                .withNewClientConfig().withNewService().withNamespace(NAMESPACE).withName(SERVICE)
                .withPath(AdmissionWebhook.INJECT_PATH).endService().endClientConfig()
                .endWebhook().build();
    }

    private static String injectionCaBundle() {
        return env.client().admissionRegistration().v1().mutatingWebhookConfigurations().withName(CONFIGURATION).get()
                .getWebhooks().get(0).getClientConfig().getCaBundle();
    }

    private static ValidatingWebhookConfiguration configurationWithoutCaBundle() {
        return new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName(CONFIGURATION).endMetadata()
                .addNewWebhook().withName("otlpexporters.otlp.dev").withSideEffects("None")
                .withAdmissionReviewVersions("v1").withFailurePolicy("Ignore")
                .withNewClientConfig().withNewService().withNamespace(NAMESPACE).withName(SERVICE)
                .withPath(AdmissionWebhook.PATH).endService().endClientConfig()
                .endWebhook().build();
    }

    private static String caBundle() {
        return env.client().admissionRegistration().v1().validatingWebhookConfigurations().withName(CONFIGURATION).get()
                .getWebhooks().get(0).getClientConfig().getCaBundle();
    }

    private JsonNode post(String caBundle, JsonNode review) throws Exception {
        return post(caBundle, review, AdmissionWebhook.PATH);
    }

    private JsonNode post(String caBundle, JsonNode review, String path) throws Exception {
        HttpsURLConnection connection = connection(caBundle, webhook.port(), path);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(new ObjectMapper().writeValueAsBytes(review));
        }
        assertThat(connection.getResponseCode()).isEqualTo(200);
        try (InputStream in = connection.getInputStream()) {
            return new ObjectMapper().readTree(in);
        }
    }

    private int status(String caBundle, String path, String method, byte[] body) throws Exception {
        HttpsURLConnection connection = connection(caBundle, webhook.port(), path);
        connection.setRequestMethod(method);
        if (body != null) {
            connection.setDoOutput(true);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        return connection.getResponseCode();
    }

    private X509Certificate servedCertificate(String caBundle) throws Exception {
        return servedCertificate(caBundle, webhook.port());
    }

    /** The certificate a TLS handshake trusting only the caBundle is presented; it must name the Service. */
    private static X509Certificate servedCertificate(String caBundle, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) trusting(caBundle).getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            assertThat(served.getSubjectAlternativeNames()).contains(List.of(2, SERVICE_HOST));
            return served;
        }
    }

    /** A connection that trusts only the caBundle and checks the certificate names the Service, as the API server does. */
    private static HttpsURLConnection connection(String caBundle, int port, String path) throws Exception {
        HttpsURLConnection connection = (HttpsURLConnection) new URL("https://127.0.0.1:" + port + path)
                .openConnection();
        connection.setSSLSocketFactory(trusting(caBundle).getSocketFactory());
        connection.setHostnameVerifier((host, session) -> {
            try {
                return ((X509Certificate) session.getPeerCertificates()[0]).getSubjectAlternativeNames().stream()
                        .anyMatch(name -> List.of(2, SERVICE_HOST).equals(name));
            } catch (Exception e) {
                return false;
            }
        });
        return connection;
    }

    private static SSLContext trusting(String caBundle) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(caBundle))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }
}
