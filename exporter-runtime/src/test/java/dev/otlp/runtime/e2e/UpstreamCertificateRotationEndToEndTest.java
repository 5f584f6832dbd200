package dev.otlp.runtime.e2e;

import dev.otlp.runtime.testing.Closer;
import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.ReceivedRequest;
import dev.otlp.runtime.testing.SecretVolume;
import dev.otlp.runtime.testing.TcpRelay;
import dev.otlp.runtime.testing.TestCertificates;
import dev.otlp.runtime.testing.TestUpstream;
import dev.otlp.runtime.tls.PemFiles;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime's upstream client certificate and the CA it trusts, rotated in their mounted Secret while clients
 * send: the collector moves to a server certificate from a new CA that only accepts client certificates from
 * that CA, as a collector's certificate rotation does when it restarts. The runtime reloads both files; the
 * connections it has keep the material they were made with, and the ones it makes next, to the moved collector,
 * present the new certificate and trust the new CA. No client is refused, no acknowledged span is lost, and the
 * same runtime serves throughout.
 */
class UpstreamCertificateRotationEndToEndTest {

    private static final int CLIENTS = 4;

    @TempDir
    Path dir;

    @RegisterExtension
    final Closer closer = new Closer();

    @Test
    void presentsTheRenewedClientCertificateAndTrustsTheNewCaOnTheNextConnectionsWithoutRefusingOrLosingASpan()
            throws Exception {
        TestCertificates before = TestCertificates.create(Files.createDirectories(dir.resolve("before")));
        TestCertificates after = TestCertificates.create(Files.createDirectories(dir.resolve("after")));
        TestUpstream old = closer.add(TestUpstream.start(before.mutualServerTls()));
        TestUpstream moved = closer.add(TestUpstream.start(after.mutualServerTls()));
        TcpRelay collector = closer.add(new TcpRelay(grpcAddress(old)));
        SecretVolume tls = new SecretVolume(dir.resolve("upstream-tls"));
        tls.write(Map.of("ca.crt", Files.readAllBytes(before.caCert()),
                "tls.crt", Files.readAllBytes(before.clientCert()), "tls.key", Files.readAllBytes(before.clientKeyPkcs8())));
        RunningRuntime runtime = closer.add(RunningRuntime.start("""
                [otlp]
                endpoint = "https://127.0.0.1:%d"
                protocol = "grpc"

                [tls]
                enable_tls = true
                ca_file = "%s"
                cert_file = "%s"
                key_file = "%s"
                """.formatted(collector.port(), tls.path("ca.crt"), tls.path("tls.crt"), tls.path("tls.key"))));
        List<KeyedLoadClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(closer.add(new KeyedLoadClient(plaintext(runtime.runtime().grpcPort()), null).start()));
        }
        PollingAwait.until("spans at the collector before the rotation", () -> old.acceptedSpans() > 500);

        tls.write(Map.of("ca.crt", (Files.readString(before.caCert()) + Files.readString(after.caCert())).getBytes(),
                "tls.crt", Files.readAllBytes(after.clientCert()), "tls.key", Files.readAllBytes(after.clientKeyPkcs8())));
        PollingAwait.until("the CA file and the client certificate reloaded",
                () -> runtime.metrics().contains("otlp_config_reload_total{result=\"success\"} 2.0"));
        collector.retarget(grpcAddress(moved));
        old.close();
        PollingAwait.until("spans at the moved collector", () -> moved.acceptedSpans() > 500);
        for (KeyedLoadClient client : clients) {
            client.close();
        }

        for (KeyedLoadClient client : clients) {
            assertThat(client.refusals()).as("refusals").isEmpty();
        }
        assertThat(old.received()).extracting(ReceivedRequest::clientCertificate).as("the certificate before the rotation")
                .containsOnly(certificate(before.clientCert()));
        assertThat(moved.received()).extracting(ReceivedRequest::clientCertificate).as("the certificate on the next connections")
                .containsOnly(certificate(after.clientCert()));
        Set<Long> acknowledged = new HashSet<>();
        clients.forEach(client -> acknowledged.addAll(client.acknowledged()));
        Set<Long> delivered = new HashSet<>(old.acceptedSpanIds());
        PollingAwait.until("every acknowledged span at one collector or the other", () -> {
            delivered.addAll(moved.acceptedSpanIds());
            return delivered.containsAll(acknowledged);
        });
        assertThat(runtime.metrics()).as("reloads: the same runtime, no restart")
                .contains("otlp_config_reload_total{result=\"success\"} 2.0", "otlp_config_reload_total{result=\"failure\"} 0.0");
    }

    private static InetSocketAddress grpcAddress(TestUpstream upstream) {
        return new InetSocketAddress("127.0.0.1", URI.create(upstream.grpcEndpoint()).getPort());
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        return PemFiles.certificates(pem).get(0);
    }

    private ManagedChannel plaintext(int port) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        closer.add(channel::shutdownNow);
        return channel;
    }
}
