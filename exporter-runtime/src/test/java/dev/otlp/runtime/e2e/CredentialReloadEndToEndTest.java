package dev.otlp.runtime.e2e;

import dev.otlp.runtime.testing.Closer;
import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.SecretVolume;
import dev.otlp.runtime.testing.TcpRelay;
import dev.otlp.runtime.testing.TestCertificates;
import dev.otlp.runtime.testing.TestUpstream;
import dev.otlp.runtime.testing.ReceivedRequest;
import dev.otlp.runtime.tls.PemFiles;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials that change on disk while clients send: the runtime takes the new files within
 * 5 s, without a restart, without refusing a request whose credentials were valid, without
 * dropping a connection and without losing an acknowledged span; content that does not load
 * leaves the previous material in use and says so without making the pod unready. Files change
 * the way the kubelet changes a mounted Secret ({@link SecretVolume}) unless a test says otherwise.
 */
class CredentialReloadEndToEndTest {

    private static final Duration TAKES_EFFECT_WITHIN = Duration.ofSeconds(5);
    private static final int CLIENTS = 4;
    private static final String OLD_KEY = "old-key-2f6c1d";
    private static final String NEW_KEY = "new-key-9a41be";

    @TempDir
    Path dir;

    @RegisterExtension
    final Closer closer = new Closer();

    @Test
    void rotatesTheReceiverKeyThroughAGracePeriodWithoutRefusingAValidKey() throws Exception {
        TestUpstream upstream = closer.add(TestUpstream.start());
        SecretVolume keys = new SecretVolume(dir.resolve("receiver-api-key"));
        keys.writeText(Map.of("api-key", "# generated\n" + OLD_KEY + "\n"));
        RunningRuntime runtime = closer.add(RunningRuntime.start(upstreamConfig(upstream), Map.of(
                "RECEIVER_API_KEY_FILE", keys.path("api-key").toString(),
                "RECEIVER_API_KEY_PREVIOUS_FILE", keys.path("api-key.previous").toString())));
        TcpRelay relay = closer.add(new TcpRelay(new InetSocketAddress("127.0.0.1", runtime.runtime().grpcPort())));
        List<KeyedLoadClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(closer.add(new KeyedLoadClient(plaintext(relay.port()), OLD_KEY).start()));
        }
        List<KeyedLoadClient> updated = clients.subList(0, CLIENTS / 2);
        List<KeyedLoadClient> notUpdated = clients.subList(CLIENTS / 2, CLIENTS);
        KeyedLoadClient probe = closer.add(new KeyedLoadClient(plaintext(runtime.runtime().grpcPort()), NEW_KEY));
        Thread.sleep(500);
        assertThat(probe.sendOnce().getCode()).as("the new key before the rotation").isEqualTo(Status.Code.UNAUTHENTICATED);

        keys.writeText(Map.of("api-key", NEW_KEY + "\n", "api-key.previous", "  " + OLD_KEY + "  \n\n"));
        PollingAwait.until("the new key accepted", TAKES_EFFECT_WITHIN, () -> probe.sendOnce().isOk());
        updated.forEach(client -> client.useKey(NEW_KEY));
        Thread.sleep(1000);

        long graceEnded = System.nanoTime();
        keys.writeText(Map.of("api-key", NEW_KEY + "\n"));
        probe.useKey(OLD_KEY);
        PollingAwait.until("the old key refused", TAKES_EFFECT_WITHIN,
                () -> probe.sendOnce().getCode() == Status.Code.UNAUTHENTICATED);
        PollingAwait.until("every client still on the old key refused",
                () -> notUpdated.stream().allMatch(client -> client.refusals().getOrDefault(Status.Code.UNAUTHENTICATED, 0) > 0));
        for (KeyedLoadClient client : clients) {
            client.close();
        }

        for (KeyedLoadClient client : updated) {
            assertThat(client.refusals()).as("refusals of a client that moved to the new key").isEmpty();
        }
        int refusedOldKey = 0;
        for (KeyedLoadClient client : notUpdated) {
            assertThat(client.refusals().keySet()).as("how a client on the old key is refused").containsOnly(Status.Code.UNAUTHENTICATED);
            assertThat(client.firstRefusalNanos()).as("first refusal of the old key, after the grace period ended")
                    .isGreaterThan(graceEnded);
            refusedOldKey += client.refusals().get(Status.Code.UNAUTHENTICATED);
        }
        assertThat(relay.connectionsAccepted()).as("connections the clients opened: none was dropped, not even a refused one's")
                .isEqualTo(CLIENTS);
        int probeRefusals = probe.refusals().getOrDefault(Status.Code.UNAUTHENTICATED, 0);
        assertThat(unauthenticatedRequests(runtime)).as("refusals counted by the runtime")
                .isGreaterThanOrEqualTo(refusedOldKey + 2 + probeRefusals);
        assertDelivered(clients, upstream);
        assertThat(runtime.metrics()).contains("otlp_config_reload_total{result=\"success\"} 2.0");
    }

    @Test
    void servesANewReceiverCertificateToNewConnectionsWhileOpenOnesKeepSending() throws Exception {
        TestUpstream upstream = closer.add(TestUpstream.start());
        TestCertificates before = TestCertificates.create(Files.createDirectories(dir.resolve("before")));
        TestCertificates after = TestCertificates.create(Files.createDirectories(dir.resolve("after")));
        Path trusted = dir.resolve("trusted.pem");
        Files.writeString(trusted, Files.readString(before.caCert()) + Files.readString(after.caCert()));
        SecretVolume tls = new SecretVolume(dir.resolve("receiver-tls"));
        tls.write(serverTls(before));
        RunningRuntime runtime = closer.add(RunningRuntime.start(upstreamConfig(upstream), receiverTls(tls)));
        TcpRelay relay = closer.add(new TcpRelay(new InetSocketAddress("127.0.0.1", runtime.runtime().grpcPort())));
        List<KeyedLoadClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(closer.add(new KeyedLoadClient(tlsChannel(relay.port(), trusted), null).start()));
        }
        Thread.sleep(1000);
        assertThat(presentedCertificate(runtime.runtime().grpcPort(), trusted)).isEqualTo(certificate(before.serverCert()));

        tls.write(serverTls(after));
        X509Certificate renewed = certificate(after.serverCert());
        PollingAwait.until("the renewed certificate on a new gRPC connection", TAKES_EFFECT_WITHIN,
                () -> presentedCertificate(runtime.runtime().grpcPort(), trusted).equals(renewed));
        assertThat(presentedCertificate(runtime.runtime().httpPort(), trusted)).as("on a new HTTP connection").isEqualTo(renewed);
        Thread.sleep(1000);
        for (KeyedLoadClient client : clients) {
            client.close();
        }

        for (KeyedLoadClient client : clients) {
            assertThat(client.refusals()).as("refusals").isEmpty();
        }
        assertThat(relay.connectionsAccepted()).as("connections the clients opened: none was dropped").isEqualTo(CLIENTS);
        assertDelivered(clients, upstream);
        assertThat(runtime.metrics()).contains("otlp_config_reload_total{result=\"success\"} 1.0",
                "otlp_config_reload_total{result=\"failure\"} 0.0");
    }

    @Test
    void sendsTheRotatedUpstreamKeyFromTheNextExportWithoutLosingASpan() throws Exception {
        TestUpstream upstream = closer.add(TestUpstream.start());
        upstream.requireHeader("x-api-key", OLD_KEY, NEW_KEY);
        SecretVolume key = new SecretVolume(dir.resolve("upstream-api-key"));
        key.writeText(Map.of("api-key", OLD_KEY + "\n"));
        RunningRuntime runtime = closer.add(RunningRuntime.start(upstreamConfig(upstream) + """

                [authentication]
                auth_type = "api_key"
                api_key_file = "%s"
                """.formatted(key.path("api-key"))));
        TcpRelay relay = closer.add(new TcpRelay(new InetSocketAddress("127.0.0.1", runtime.runtime().grpcPort())));
        List<KeyedLoadClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(closer.add(new KeyedLoadClient(plaintext(relay.port()), null).start()));
        }
        Thread.sleep(1000);

        key.writeText(Map.of("api-key", NEW_KEY + "\n"));
        PollingAwait.until("exports carrying the new key", TAKES_EFFECT_WITHIN,
                () -> upstream.received().stream().anyMatch(request -> NEW_KEY.equals(request.header("x-api-key"))));
        upstream.requireHeader("x-api-key", NEW_KEY);
        long overlapEnded = System.nanoTime();
        Thread.sleep(1000);
        for (KeyedLoadClient client : clients) {
            client.close();
        }

        assertDelivered(clients, upstream);
        List<ReceivedRequest> refused = upstream.received().stream()
                .filter(request -> request.receivedAtNanos() > overlapEnded && !NEW_KEY.equals(request.header("x-api-key")))
                .toList();
        assertThat(refused).as("exports the upstream refused after the overlap").isEmpty();
        for (KeyedLoadClient client : clients) {
            assertThat(client.refusals()).as("refusals").isEmpty();
        }
        assertThat(relay.connectionsAccepted()).as("connections the clients opened: none was dropped").isEqualTo(CLIENTS);
    }

    @Test
    void keepsServingThePreviousCertificateWhenTheNewOneIsBrokenAndSaysWhereWithoutTurningUnready() throws Exception {
        TestUpstream upstream = closer.add(TestUpstream.start());
        TestCertificates certs = TestCertificates.create(dir);
        Path certFile = Files.copy(certs.serverCert(), dir.resolve("tls.crt"));
        Path keyFile = Files.copy(certs.serverKey(), dir.resolve("tls.key"));
        RunningRuntime runtime = closer.add(RunningRuntime.start(upstreamConfig(upstream), Map.of(
                "RECEIVER_TLS_CERT_FILE", certFile.toString(), "RECEIVER_TLS_KEY_FILE", keyFile.toString())));
        List<KeyedLoadClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(closer.add(new KeyedLoadClient(tlsChannel(runtime.runtime().grpcPort(), certs.caCert()), null).start()));
        }
        Thread.sleep(500);

        String broken = "-----BEGIN CERTIFICATE-----\nTUlJQnJva2VuLXNlY3JldC1tYXJrZXI=\n-----END CERTIFICATE-----\n";
        Files.writeString(certFile, broken);
        PollingAwait.until("the failed reload counted", TAKES_EFFECT_WITHIN,
                () -> runtime.metrics().contains("otlp_config_reload_total{result=\"failure\"} 1.0"));
        var ready = runtime.ready();
        assertThat(ready.statusCode()).as("/ready").isEqualTo(200);
        assertThat(ready.body()).contains("receiver.tls_cert_file", certFile.toString())
                .doesNotContain("TUlJQnJva2VuLXNlY3JldC1tYXJrZXI");
        assertThat(presentedCertificate(runtime.runtime().grpcPort(), certs.caCert()))
                .as("the certificate a new connection gets").isEqualTo(certificate(certs.serverCert()));
        KeyedLoadClient newcomer = closer.add(new KeyedLoadClient(tlsChannel(runtime.runtime().grpcPort(), certs.caCert()), null));
        assertThat(newcomer.sendOnce().isOk()).as("a new client's request").isTrue();
        Thread.sleep(2 * 2000);
        for (KeyedLoadClient client : clients) {
            client.close();
        }

        assertThat(runtime.metrics()).as("an unchanged broken file is not tried again, and stays failing")
                .contains("otlp_config_reload_total{result=\"failure\"} 1.0", "otlp_config_reload_total{result=\"success\"} 0.0",
                        "otlp_config_reload_failing 1.0");
        for (KeyedLoadClient client : clients) {
            assertThat(client.refusals()).as("refusals").isEmpty();
        }
        assertDelivered(clients, upstream);

        Files.copy(certs.serverCert(), certFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        PollingAwait.until("the repaired file loaded and the warning gone", TAKES_EFFECT_WITHIN,
                () -> !runtime.ready().body().contains("receiver.tls_cert_file"));
        assertThat(runtime.metrics()).as("what the credential alert reads once the file is repaired")
                .contains("otlp_config_reload_failing 0.0");
    }

    private static String upstreamConfig(TestUpstream upstream) {
        return """
                [otlp]
                endpoint = "%s"
                protocol = "grpc"
                """.formatted(upstream.grpcEndpoint());
    }

    private static Map<String, byte[]> serverTls(TestCertificates certs) throws IOException {
        return Map.of("tls.crt", Files.readAllBytes(certs.serverCert()), "tls.key", Files.readAllBytes(certs.serverKey()));
    }

    private static Map<String, String> receiverTls(SecretVolume tls) {
        return Map.of("RECEIVER_TLS_CERT_FILE", tls.path("tls.crt").toString(),
                "RECEIVER_TLS_KEY_FILE", tls.path("tls.key").toString());
    }

    private ManagedChannel plaintext(int port) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        closer.add(channel::shutdownNow);
        return channel;
    }

    private ManagedChannel tlsChannel(int port, Path trusted) throws Exception {
        SslContext ssl = GrpcSslContexts.forClient().trustManager(trusted.toFile()).build();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(ssl).build();
        closer.add(channel::shutdownNow);
        return channel;
    }

    /** The certificate a new TLS connection to {@code port} is shown. */
    private static X509Certificate presentedCertificate(int port, Path trusted) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (X509Certificate ca : PemFiles.certificates(trusted)) {
            store.setCertificateEntry("ca-" + i++, ca);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[]{"h2", "http/1.1"});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        return PemFiles.certificates(pem).get(0);
    }

    private static long unauthenticatedRequests(RunningRuntime runtime) {
        Matcher counts = Pattern.compile("otlp_requests_total\\{[^}]*outcome=\"unauthenticated\"[^}]*} ([0-9.]+)")
                .matcher(runtime.metrics());
        long total = 0;
        while (counts.find()) {
            total += (long) Double.parseDouble(counts.group(1));
        }
        return total;
    }

    private static void assertDelivered(List<KeyedLoadClient> clients, TestUpstream upstream) {
        Set<Long> acknowledged = new HashSet<>();
        clients.forEach(client -> acknowledged.addAll(client.acknowledged()));
        assertThat(acknowledged).as("spans acknowledged under load").hasSizeGreaterThan(1000);
        PollingAwait.until("every acknowledged span at the upstream",
                () -> new HashSet<>(upstream.acceptedSpanIds()).containsAll(acknowledged));
    }
}
