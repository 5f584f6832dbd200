package dev.otlp.runtime.export;

import dev.otlp.runtime.config.TlsConfig;
import dev.otlp.runtime.config.UpstreamConfig.Protocol;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.reload.CredentialWatcher;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import dev.otlp.runtime.testing.Closer;
import dev.otlp.runtime.testing.TestCertificates;
import dev.otlp.runtime.testing.TestUpstream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TlsTest {

    @TempDir
    static Path dir;
    static TestCertificates certs;

    @RegisterExtension
    final Closer closer = new Closer();
    private TestUpstream server;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.create(dir);
    }

    private Delivery sendOne(Protocol protocol, TlsConfig tls) {
        return sendOne(protocol, tls, Upstream.NEVER_EXPIRES);
    }

    private Delivery sendOne(Protocol protocol, TlsConfig tls, long expiresAtMillis) {
        TestConfig config = TestConfig.sendingTo(server, protocol);
        config.tls = tls;
        config.retryAttempts = 1;
        config.maxRetryDelay = Duration.ofMillis(50);
        Upstream upstream = closer.add(config.upstream());
        return upstream.send(Signal.TRACES, Batches.traces(3), 3, expiresAtMillis).join();
    }

    private static TlsConfig tls(Path ca, Path cert, Path key, boolean verifyCert) {
        return new TlsConfig(true, cert == null ? null : cert.toString(), key == null ? null : key.toString(),
                ca == null ? null : ca.toString(), verifyCert, true, "1.2", List.of());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void trustsTheServerThroughTheConfiguredCa(Protocol protocol) {
        server = closer.add(TestUpstream.start(certs.serverTls()));

        assertThat(sendOne(protocol, tls(certs.caCert(), null, null, true))).isEqualTo(Delivery.success(3));
        assertThat(server.received()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void presentsAClientCertificateWithAPkcs1Key(Protocol protocol) {
        server = closer.add(TestUpstream.start(certs.mutualServerTls()));

        assertThat(sendOne(protocol, tls(certs.caCert(), certs.clientCert(), certs.clientKeyPkcs1(), true)).outcome()).isEqualTo(Delivery.Outcome.DELIVERED);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void presentsAClientCertificateWithAPkcs8Key(Protocol protocol) {
        server = closer.add(TestUpstream.start(certs.mutualServerTls()));

        assertThat(sendOne(protocol, tls(certs.caCert(), certs.clientCert(), certs.clientKeyPkcs8(), true)).outcome()).isEqualTo(Delivery.Outcome.DELIVERED);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void refusesAServerSignedByAnotherCa(Protocol protocol) {
        server = closer.add(TestUpstream.start(certs.serverTls()));

        Delivery delivery = sendOne(protocol, tls(certs.otherCaCert(), null, null, true), System.currentTimeMillis() + 1000);

        assertThat(delivery.outcome()).as("held while the handshake fails, until max_age").isEqualTo(Delivery.Outcome.EXPIRED);
        assertThat(delivery.message()).startsWith("TLS handshake with https://127.0.0.1:").contains("certification path");
        assertThat(server.received()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void trustsTheCaFileAsItIsWhenItConnectsAgain(Protocol protocol) throws Exception {
        server = closer.add(TestUpstream.start(certs.serverTls()));
        Path ca = Files.copy(certs.otherCaCert(), Files.createTempDirectory(dir, "ca").resolve("ca.pem"));

        CompletableFuture<Delivery> held = sendWhileWatching(protocol, tls(ca, null, null, true));
        Thread.sleep(500);
        assertThat(held).as("held while the CA file names another CA").isNotDone();
        Files.copy(certs.caCert(), ca, StandardCopyOption.REPLACE_EXISTING);

        assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(Delivery.success(3));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void presentsTheClientCertificateAsItIsWhenItConnectsAgain(Protocol protocol) throws Exception {
        server = closer.add(TestUpstream.start(certs.mutualServerTls()));
        Path certDir = Files.createTempDirectory(dir, "client");
        TestCertificates strangers = TestCertificates.create(certDir);
        Path cert = Files.copy(strangers.clientCert(), certDir.resolve("tls.crt"));
        Path key = Files.copy(strangers.clientKeyPkcs8(), certDir.resolve("tls.key"));

        CompletableFuture<Delivery> held = sendWhileWatching(protocol, tls(certs.caCert(), cert, key, true));
        Thread.sleep(500);
        assertThat(held).as("held while the client certificate is signed by a CA the server does not trust").isNotDone();
        Files.copy(certs.clientKeyPkcs8(), key, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(certs.clientCert(), cert, StandardCopyOption.REPLACE_EXISTING);

        assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(Delivery.success(3));
    }

    private CompletableFuture<Delivery> sendWhileWatching(Protocol protocol, TlsConfig tls) throws Exception {
        TestConfig config = TestConfig.sendingTo(server, protocol);
        config.tls = tls;
        config.maxRetryDelay = Duration.ofMillis(200);
        RuntimeMetrics metrics = new RuntimeMetrics();
        CredentialWatcher watcher = closer.add(new CredentialWatcher(metrics));
        Upstream upstream = closer.add(config.upstream(metrics, watcher));
        watcher.start();
        return upstream.send(Signal.TRACES, Batches.traces(3), 3, Upstream.NEVER_EXPIRES);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void trustsAnyServerWhenCertificateVerificationIsOff(Protocol protocol) {
        server = closer.add(TestUpstream.start(certs.serverTls()));

        assertThat(sendOne(protocol, tls(certs.otherCaCert(), null, null, false)).outcome()).isEqualTo(Delivery.Outcome.DELIVERED);
    }
}
