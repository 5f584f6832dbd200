package dev.otlp.cluster.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * An HTTPS admission webhook for tests, on 127.0.0.1, with a certificate of its own CA for the DNS
 * names it is given: each path answers with a function of the AdmissionReview's request, and every
 * review it receives is kept.
 */
final class TestWebhookServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpsServer server;
    private final String caBundle;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final Map<String, UnaryOperator<JsonNode>> answers = new ConcurrentHashMap<>();

    TestWebhookServer(String... dnsNames) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair caKeys = generator.generateKeyPair();
        X509Certificate ca = sign(new JcaX509v3CertificateBuilder(new X500Name("CN=test-ca"), BigInteger.ONE,
                java.util.Date.from(Instant.now().minus(Duration.ofMinutes(5))),
                java.util.Date.from(Instant.now().plus(Duration.ofDays(1))), new X500Name("CN=test-ca"), caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true)), caKeys);
        KeyPair serverKeys = generator.generateKeyPair();
        GeneralNames names = new GeneralNames(List.of(dnsNames).stream()
                .map(name -> new GeneralName(GeneralName.dNSName, name)).toArray(GeneralName[]::new));
        X509Certificate certificate = sign(new JcaX509v3CertificateBuilder(new X500Name("CN=test-ca"), BigInteger.TWO,
                java.util.Date.from(Instant.now().minus(Duration.ofMinutes(5))),
                java.util.Date.from(Instant.now().plus(Duration.ofDays(1))), new X500Name("CN=" + dnsNames[0]),
                serverKeys.getPublic())
                .addExtension(Extension.subjectAlternativeName, false, names), caKeys);
        caBundle = Base64.getEncoder().encodeToString(("-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(ca.getEncoded()) + "\n-----END CERTIFICATE-----\n")
                .getBytes(StandardCharsets.US_ASCII));

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", serverKeys.getPrivate(), new char[0], new X509Certificate[] {certificate, ca});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try (exchange) {
                JsonNode review = JSON.readTree(exchange.getRequestBody());
                received.add(review);
                UnaryOperator<JsonNode> answer = answers.get(exchange.getRequestURI().getPath());
                if (answer == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                ObjectNode response = (ObjectNode) answer.apply(review.get("request"));
                response.put("uid", review.at("/request/uid").asText());
                ObjectNode envelope = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1")
                        .put("kind", "AdmissionReview");
                envelope.set("response", response);
                byte[] body = JSON.writeValueAsBytes(envelope);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    void answer(String path, UnaryOperator<JsonNode> answer) {
        answers.put(path, answer);
    }

    static JsonNode allow() {
        return JSON.createObjectNode().put("allowed", true);
    }

    static JsonNode allowWithPatch(String jsonPatch) {
        return JSON.createObjectNode().put("allowed", true).put("patchType", "JSONPatch")
                .put("patch", Base64.getEncoder().encodeToString(jsonPatch.getBytes(StandardCharsets.UTF_8)));
    }

    static JsonNode deny(int code, String message) {
        ObjectNode response = JSON.createObjectNode().put("allowed", false);
        response.set("status", JSON.createObjectNode().put("code", code).put("message", message));
        return response;
    }

    String caBundle() {
        return caBundle;
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<JsonNode> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }
}
