package dev.otlp.operator.secrets;

import dev.otlp.runtime.tls.PemFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceCertificatesTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final String NAME = "gateway";
    private static final String NAMESPACE = "observability";
    private static final List<String> SERVICE_NAMES = List.of("gateway", "gateway.observability",
            "gateway.observability.svc", "gateway.observability.svc.cluster.local");
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final byte[] PROBE = "signed by the receiver's key".getBytes(StandardCharsets.US_ASCII);

    private final ServiceCertificates certificates = new ServiceCertificates();
    private final ReceiverTlsSecrets issued = certificates.desiredData(null, null, NAME, NAMESPACE, NOW);

    @Test
    void tlsSecretHoldsServerCertificateKeyAndCaCertificateOnly() {
        assertThat(issued.tls()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
        assertThat(ServiceCertificates.TLS_SECRET_KEYS).containsExactly("tls.crt", "tls.key", "ca.crt");
        assertThat(decoded(issued.tls(), "tls.key")).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(issued.tls().values()).doesNotContain(issued.ca().get("ca.key"));
    }

    @Test
    void caSecretHoldsTheCaCertificateAndItsKey() {
        assertThat(issued.ca()).containsOnlyKeys("ca.crt", "ca.key");
        assertThat(issued.ca().get("ca.crt")).isEqualTo(issued.tls().get("ca.crt"));
        assertThat(decoded(issued.ca(), "ca.key")).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(issued.toString()).doesNotContain(issued.ca().get("ca.key"), issued.tls().get("tls.key"));
    }

    @Test
    void serverCertificateIsSignedByTheCaForEveryServiceName() throws Exception {
        X509Certificate ca = certificate(issued.ca(), "ca.crt");
        X509Certificate server = certificate(issued.tls(), "tls.crt");

        server.verify(ca.getPublicKey());
        assertThat(server.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(dnsNames(server)).containsExactlyInAnyOrderElementsOf(SERVICE_NAMES);
        assertThat(ServiceCertificates.dnsNames(NAME, NAMESPACE)).isEqualTo(SERVICE_NAMES);
    }

    @Test
    void serverCertificateIsForTlsServersOnly() throws Exception {
        X509Certificate server = certificate(issued.tls(), "tls.crt");

        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(server.getKeyUsage()[5]).as("keyCertSign").isFalse();
        assertThat(server.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(Duration.between(NOW, server.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(90));
        assertThat(server.getNotBefore().toInstant()).isBefore(NOW);
    }

    @Test
    void caSignsCertificatesForFiveYears() throws Exception {
        X509Certificate ca = certificate(issued.ca(), "ca.crt");

        ca.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(Duration.between(NOW, ca.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(5 * 365));
    }

    /** The files as the pod mounts them, read by the runtime's own loader, as its receivers read them at start-up. */
    @Test
    void runtimeLoadsTheKeyAsPkcs8IntoAKeyManager(@TempDir Path mounted) throws Exception {
        Path certFile = Files.writeString(mounted.resolve("tls.crt"), decoded(issued.tls(), "tls.crt"));
        Path keyFile = Files.writeString(mounted.resolve("tls.key"), decoded(issued.tls(), "tls.key"));

        PrivateKey key = PemFiles.privateKey(keyFile);
        X509KeyManager keyManager = (X509KeyManager) PemFiles.keyManagers(certFile, keyFile).getKeyManagers()[0];
        String alias = keyManager.chooseServerAlias("EC", null, null);

        assertThat(key.getFormat()).isEqualTo("PKCS#8");
        assertThat(key.getAlgorithm()).isEqualTo("EC");
        assertThat(alias).isNotNull();
        assertThat(keyManager.getCertificateChain(alias)).containsExactly(certificate(issued.tls(), "tls.crt"));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keyManager.getPrivateKey(alias));
        signer.update(PROBE);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate(issued.tls(), "tls.crt").getPublicKey());
        verifier.update(PROBE);
        assertThat(verifier.verify(signature)).as("the key belongs to the certificate").isTrue();
    }

    @Test
    void clientTrustingCaCompletesHandshakeUnderEveryServiceName() throws Exception {
        Map<String, String> current = certificates.desiredData(null, null, NAME, NAMESPACE, Instant.now()).tls();

        for (String serviceName : SERVICE_NAMES) {
            assertThat(handshake(current, serviceName)).as(serviceName).isEqualTo(42);
        }
    }

    @Test
    void clientRefusesTheCertificateUnderAnotherName() {
        Map<String, String> current = certificates.desiredData(null, null, NAME, NAMESPACE, Instant.now()).tls();

        assertThatThrownBy(() -> handshake(current, "gateway.other.svc")).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void freshCertificateNeedsNoRenewalAndBothSecretsAreKept() {
        assertThat(needsRenewal(issued, NAME, NAMESPACE, NOW)).isFalse();
        assertThat(needsRenewal(issued, NAME, NAMESPACE, NOW.plus(Duration.ofDays(59)))).isFalse();

        ReceiverTlsSecrets kept = certificates.desiredData(issued.tls(), issued.ca(), NAME, NAMESPACE,
                NOW.plus(Duration.ofDays(59)));

        assertThat(kept.tls()).isSameAs(issued.tls());
        assertThat(kept.ca()).isSameAs(issued.ca());
    }

    @Test
    void renewsThirtyDaysBeforeTheServerCertificateExpires() {
        assertThat(needsRenewal(issued, NAME, NAMESPACE, NOW.plus(Duration.ofDays(60)).minusSeconds(1))).isFalse();
        assertThat(needsRenewal(issued, NAME, NAMESPACE, NOW.plus(Duration.ofDays(60)))).isTrue();
        assertThat(needsRenewal(issued, NAME, NAMESPACE, NOW.plus(Duration.ofDays(61)))).isTrue();
        assertThat(needsRenewal(issued, NAME, NAMESPACE, NOW.plus(Duration.ofDays(100)))).isTrue();
    }

    @Test
    void renewsWhenTheServiceNamesChange() {
        assertThat(needsRenewal(issued, "other", NAMESPACE, NOW)).isTrue();
        assertThat(needsRenewal(issued, NAME, "other", NOW)).isTrue();
    }

    @Test
    void renewalKeepsTheCaSoClientsKeepTrustingIt() throws Exception {
        Instant later = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ReceiverTlsSecrets issued = certificates.desiredData(null, null, NAME, NAMESPACE, later.minus(Duration.ofDays(61)));

        ReceiverTlsSecrets renewed = certificates.desiredData(issued.tls(), issued.ca(), NAME, NAMESPACE, later);

        assertThat(renewed.ca()).as("the CA Secret is not rewritten").isSameAs(issued.ca());
        assertThat(renewed.tls().get("ca.crt")).isEqualTo(issued.tls().get("ca.crt"));
        assertThat(renewed.tls()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
        assertThat(renewed.tls().get("tls.crt")).isNotEqualTo(issued.tls().get("tls.crt"));
        assertThat(renewed.tls().get("tls.key")).isNotEqualTo(issued.tls().get("tls.key"));
        certificate(renewed.tls(), "tls.crt").verify(certificate(issued.ca(), "ca.crt").getPublicKey());
        assertThat(needsRenewal(renewed, NAME, NAMESPACE, later)).isFalse();
        assertThat(needsRenewal(renewed, NAME, NAMESPACE, later.plus(Duration.ofDays(60)).minusSeconds(1))).isFalse();
        assertThat(needsRenewal(renewed, NAME, NAMESPACE, later.plus(Duration.ofDays(60)))).isTrue();
        assertThat(handshake(renewed.tls(), "gateway.observability.svc")).isEqualTo(42);
    }

    @Test
    void renamedServiceGetsNewNamesUnderTheSameCa() throws Exception {
        ReceiverTlsSecrets renamed = certificates.desiredData(issued.tls(), issued.ca(), "edge", NAMESPACE, NOW);

        assertThat(renamed.ca()).isSameAs(issued.ca());
        assertThat(renamed.tls().get("ca.crt")).isEqualTo(issued.tls().get("ca.crt"));
        assertThat(dnsNames(certificate(renamed.tls(), "tls.crt"))).contains("edge.observability.svc");
    }

    @Test
    void caIsReplacedBeforeItWouldExpireUnderItsCertificate() throws Exception {
        Instant caExpiry = certificate(issued.ca(), "ca.crt").getNotAfter().toInstant();
        Instant late = caExpiry.minus(Duration.ofDays(80));

        ReceiverTlsSecrets renewed = certificates.desiredData(issued.tls(), issued.ca(), NAME, NAMESPACE, late);

        X509Certificate newCa = certificate(renewed.ca(), "ca.crt");
        assertThat(renewed.ca().get("ca.crt")).isNotEqualTo(issued.ca().get("ca.crt"));
        assertThat(renewed.ca().get("ca.key")).isNotEqualTo(issued.ca().get("ca.key"));
        assertThat(renewed.tls().get("ca.crt")).isEqualTo(renewed.ca().get("ca.crt"));
        certificate(renewed.tls(), "tls.crt").verify(newCa.getPublicKey());
        assertThat(certificate(renewed.tls(), "tls.crt").getNotAfter()).isBeforeOrEqualTo(newCa.getNotAfter());
    }

    @Test
    void bundleOfAFreshCaIsItsCertificateAlone() {
        assertThat(issued.caBundle()).isEqualTo(decoded(issued.ca(), "ca.crt"))
                .doesNotContain("PRIVATE KEY");
    }

    @Test
    void replacedCaStaysInTheBundleUntilItExpiresSoThePodsNotYetRolledAreTrusted() throws Exception {
        X509Certificate oldCa = certificate(issued.ca(), "ca.crt");
        Instant late = oldCa.getNotAfter().toInstant().minus(Duration.ofDays(80));

        ReceiverTlsSecrets replaced = certificates.desiredData(issued.tls(), issued.ca(), NAME, NAMESPACE, late);

        X509Certificate newCa = certificate(replaced.ca(), "ca.crt");
        assertThat(replaced.ca()).containsOnlyKeys("ca.crt", "ca.key", "previous-ca.crt");
        assertThat(replaced.ca().get("previous-ca.crt")).isEqualTo(issued.ca().get("ca.crt"));
        assertThat(replaced.caBundle()).isEqualTo(decoded(replaced.ca(), "ca.crt") + decoded(issued.ca(), "ca.crt"))
                .doesNotContain("PRIVATE KEY");
        List<X509Certificate> bundle = bundle(replaced);
        assertThat(bundle).containsExactly(newCa, oldCa);
        certificate(replaced.tls(), "tls.crt").verify(bundle.get(0).getPublicKey());
        certificate(issued.tls(), "tls.crt").verify(bundle.get(1).getPublicKey());

        Instant beforeOldExpiry = oldCa.getNotAfter().toInstant().minusSeconds(1);
        ReceiverTlsSecrets kept = certificates.desiredData(replaced.tls(), replaced.ca(), NAME, NAMESPACE, beforeOldExpiry);
        assertThat(kept.ca()).isSameAs(replaced.ca());

        Instant afterOldExpiry = oldCa.getNotAfter().toInstant().plusSeconds(1);
        ReceiverTlsSecrets settled = certificates.desiredData(replaced.tls(), replaced.ca(), NAME, NAMESPACE, afterOldExpiry);
        assertThat(settled.ca()).containsOnlyKeys("ca.crt", "ca.key");
        assertThat(settled.ca().get("ca.key")).isEqualTo(replaced.ca().get("ca.key"));
        assertThat(settled.tls().get("ca.crt")).isEqualTo(replaced.ca().get("ca.crt"));
        assertThat(bundle(settled)).containsExactly(newCa);
    }

    @Test
    void deletingTheCaSecretReplacesTheCaWithoutTrustingTheOldOne() {
        ReceiverTlsSecrets replaced = certificates.desiredData(issued.tls(), null, NAME, NAMESPACE, NOW);

        assertThat(replaced.ca()).containsOnlyKeys("ca.crt", "ca.key");
        assertThat(replaced.caBundle()).isEqualTo(decoded(replaced.ca(), "ca.crt"))
                .isNotEqualTo(decoded(issued.ca(), "ca.crt"));
    }

    @Test
    void caExpiringWithinThirtyDaysNeedsRenewalEvenWhenItsCertificateDoesNot() {
        CertificateIssuer issuer = new CertificateIssuer();
        KeyAndCertificate shortLivedCa = issuer.authority("short-lived", NOW, Duration.ofDays(40));
        KeyAndCertificate server = issuer.server(shortLivedCa, SERVICE_NAMES, NOW, Duration.ofDays(90));
        String caCertificate = SecretData.encode(Pem.certificate(shortLivedCa.certificate()));
        ReceiverTlsSecrets data = new ReceiverTlsSecrets(
                Map.of("tls.crt", SecretData.encode(Pem.certificate(server.certificate())),
                        "tls.key", SecretData.encode(Pem.privateKey(server.key())),
                        "ca.crt", caCertificate),
                Map.of("ca.crt", caCertificate, "ca.key", SecretData.encode(Pem.privateKey(shortLivedCa.key()))));

        assertThat(needsRenewal(data, NAME, NAMESPACE, NOW.plus(Duration.ofDays(10)).minusSeconds(1))).isFalse();
        assertThat(needsRenewal(data, NAME, NAMESPACE, NOW.plus(Duration.ofDays(10)))).isTrue();
        assertThat(needsRenewal(data, NAME, NAMESPACE, NOW.plus(Duration.ofDays(9)))).isFalse();
        assertThat(needsRenewal(data, NAME, NAMESPACE, NOW.plus(Duration.ofDays(11)))).isTrue();
        ReceiverTlsSecrets renewed = certificates.desiredData(data.tls(), data.ca(), NAME, NAMESPACE,
                NOW.plus(Duration.ofDays(11)));
        assertThat(renewed.ca().get("ca.crt")).isNotEqualTo(caCertificate);
        assertThat(renewed.tls().get("ca.crt")).isEqualTo(renewed.ca().get("ca.crt"));
    }

    @Test
    void caFromTheFutureIsReplacedRatherThanReissuingForever() {
        Instant clockSetBack = NOW.minus(Duration.ofDays(1));

        ReceiverTlsSecrets renewed = certificates.desiredData(issued.tls(), issued.ca(), NAME, NAMESPACE, clockSetBack);

        assertThat(renewed.ca().get("ca.crt")).isNotEqualTo(issued.ca().get("ca.crt"));
        ReceiverTlsSecrets again = certificates.desiredData(renewed.tls(), renewed.ca(), NAME, NAMESPACE, clockSetBack);
        assertThat(again.tls()).isSameAs(renewed.tls());
        assertThat(again.ca()).isSameAs(renewed.ca());
    }

    @Test
    void unreadableOrMismatchedDataNeedsRenewal() {
        ReceiverTlsSecrets otherIssue = certificates.desiredData(null, null, NAME, NAMESPACE, NOW);
        Map<String, String> keyOfAnotherCertificate = new HashMap<>(issued.tls());
        keyOfAnotherCertificate.put("tls.key", otherIssue.tls().get("tls.key"));
        Map<String, String> caCertificateOfAnotherCa = new HashMap<>(issued.tls());
        caCertificateOfAnotherCa.put("ca.crt", otherIssue.tls().get("ca.crt"));
        Map<String, String> withCaKey = new HashMap<>(issued.tls());
        withCaKey.put("ca.key", issued.ca().get("ca.key"));
        Map<String, String> withoutCaKey = new HashMap<>(issued.ca());
        withoutCaKey.remove("ca.key");

        for (ReceiverTlsSecrets data : List.of(
                new ReceiverTlsSecrets(Map.of(), Map.of()),
                new ReceiverTlsSecrets(keyOfAnotherCertificate, issued.ca()),
                new ReceiverTlsSecrets(issued.tls(), otherIssue.ca()),
                new ReceiverTlsSecrets(caCertificateOfAnotherCa, otherIssue.ca()),
                new ReceiverTlsSecrets(caCertificateOfAnotherCa, issued.ca()),
                new ReceiverTlsSecrets(withCaKey, issued.ca()),
                new ReceiverTlsSecrets(issued.tls(), withoutCaKey),
                new ReceiverTlsSecrets(issued.tls(), garbage()),
                new ReceiverTlsSecrets(garbage(), issued.ca()))) {
            assertThat(needsRenewal(data, NAME, NAMESPACE, NOW)).as(data.toString()).isTrue();
        }
        assertThat(certificates.needsRenewal(null, null, NAME, NAMESPACE, NOW)).isTrue();
        assertThat(certificates.needsRenewal(issued.tls(), null, NAME, NAMESPACE, NOW)).isTrue();
        assertThat(certificates.needsRenewal(null, issued.ca(), NAME, NAMESPACE, NOW)).isTrue();
    }

    @Test
    void lostCertificateSecretIsReissuedUnderTheKeptCa() {
        ReceiverTlsSecrets reissued = certificates.desiredData(null, issued.ca(), NAME, NAMESPACE, NOW);

        assertThat(reissued.ca()).isSameAs(issued.ca());
        assertThat(reissued.tls().get("ca.crt")).isEqualTo(issued.ca().get("ca.crt"));
        assertThat(needsRenewal(reissued, NAME, NAMESPACE, NOW)).isFalse();
    }

    @Test
    void certificateSecretHoldingTheCaKeyIsRewrittenWithoutIt() {
        Map<String, String> withCaKey = new HashMap<>(issued.tls());
        withCaKey.put("ca.key", issued.ca().get("ca.key"));

        ReceiverTlsSecrets rewritten = certificates.desiredData(withCaKey, issued.ca(), NAME, NAMESPACE, NOW);

        assertThat(rewritten.tls()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
        assertThat(rewritten.ca()).isSameAs(issued.ca());
    }

    @Test
    void garbageIsReplacedWithoutAnError() throws Exception {
        Instant now = Instant.now();

        ReceiverTlsSecrets replaced = certificates.desiredData(garbage(), garbage(), NAME, NAMESPACE, now);

        assertThat(needsRenewal(replaced, NAME, NAMESPACE, now)).isFalse();
        assertThat(handshake(replaced.tls(), "gateway")).isEqualTo(42);
    }

    @Test
    void keyPairsNeverPrintTheirKey() {
        KeyAndCertificate server = KeyAndCertificate.read(issued.tls(), "tls.crt", "tls.key").orElseThrow();
        String pkcs8 = Base64.getMimeEncoder().encodeToString(server.key().getEncoded());

        assertThat(server.toString()).contains("CN=gateway").doesNotContain(pkcs8.substring(0, 40));
    }

    private boolean needsRenewal(ReceiverTlsSecrets data, String name, String namespace, Instant now) {
        return certificates.needsRenewal(data.tls(), data.ca(), name, namespace, now);
    }

    /** Values that are not base64, base64 of non-PEM text, and PEM blocks of the wrong bytes. */
    private static Map<String, String> garbage() {
        String brokenPem = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LW1hdGVyaWFs\n-----END PRIVATE KEY-----\n";
        return Map.of(
                "tls.crt", "not base64 at all: secret-material!",
                "tls.key", SecretData.encode(brokenPem),
                "ca.crt", SecretData.encode("-----BEGIN CERTIFICATE-----\nc2VjcmV0\n-----END CERTIFICATE-----\n"),
                "ca.key", SecretData.encode("secret-material"));
    }

    private static List<String> dnsNames(X509Certificate certificate) throws Exception {
        return certificate.getSubjectAlternativeNames().stream().map(alternativeName -> (String) alternativeName.get(1)).toList();
    }

    private static String decoded(Map<String, String> data, String key) {
        return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.US_ASCII);
    }

    private static X509Certificate certificate(Map<String, String> data, String key) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(data.get(key))));
        } catch (Exception e) {
            throw new AssertionError("unreadable " + key, e);
        }
    }

    /** The bundle's certificates, as a client reading the ConfigMap's {@code ca.crt} gets them. */
    private static List<X509Certificate> bundle(ReceiverTlsSecrets data) throws Exception {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(data.caBundle().getBytes(StandardCharsets.US_ASCII)))
                .stream().map(X509Certificate.class::cast).toList();
    }

    /** As the runtime reads {@code tls.crt} and {@code tls.key}: JDK certificate factory, PKCS#8 key spec, PKCS12 store. */
    private static KeyManagerFactory keyManagers(Map<String, String> data) throws Exception {
        Matcher block = Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----")
                .matcher(decoded(data, "tls.key"));
        assertThat(block.find()).isTrue();
        PrivateKey key = KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(block.group(1))));
        List<X509Certificate> chain = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Base64.getDecoder().decode(data.get("tls.crt")))).stream()
                .map(X509Certificate.class::cast).toList();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("key", key, new char[0], chain.toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, new char[0]);
        return factory;
    }

    /**
     * Serves {@code data}'s certificate on 127.0.0.1 and connects as a client that trusts only {@code ca.crt} and
     * verifies the server's identity as {@code serviceName}; returns the byte the server sent.
     */
    private static int handshake(Map<String, String> data, String serviceName) throws Exception {
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keyManagers(data).getKeyManagers(), null, null);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", certificate(data, "ca.crt"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trust.getTrustManagers(), null);

        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0, 1, loopback)) {
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.getOutputStream().write(42);
                    accepted.getOutputStream().flush();
                    accepted.getInputStream().read();
                } catch (IOException clientRefused) {
                    // the client's side of the test reports it
                }
            });
            try (Socket plain = new Socket(loopback, server.getLocalPort());
                 SSLSocket client = (SSLSocket) clientContext.getSocketFactory()
                         .createSocket(plain, serviceName, server.getLocalPort(), true)) {
                SSLParameters parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(parameters);
                client.startHandshake();
                int received = client.getInputStream().read();
                client.getOutputStream().write(0);
                client.getOutputStream().flush();
                return received;
            } finally {
                serving.join();
            }
        }
    }
}
