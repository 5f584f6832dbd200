package dev.otlp.runtime.e2e;

import dev.otlp.runtime.testing.Closer;
import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.SecretVolume;
import dev.otlp.runtime.testing.TcpRelay;
import dev.otlp.runtime.testing.TestIdentityProvider;
import dev.otlp.runtime.testing.TestIdentityProvider.TokenRequest;
import dev.otlp.runtime.testing.TestUpstream;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OAuth2 client secret rotated the way it is in production, while clients send: the identity
 * provider accepts the old and the new secret for an overlap, then only the new one and revokes
 * the tokens issued for the old; the Secret volume changes through the kubelet's {@code ..data}
 * swap. Tokens live a few seconds, so the runtime fetches new ones throughout, and the upstream
 * takes only tokens the provider issued and still honours. Every span id is counted in and out.
 */
class OAuth2SecretRotationEndToEndTest {

    private static final Duration TAKES_EFFECT_WITHIN = Duration.ofSeconds(5);
    private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(3);
    private static final int CLIENTS = 4;
    private static final String CLIENT_ID = "otlp-exporter";
    private static final String OLD_SECRET = "old-secret-5c0e7a";
    private static final String NEW_SECRET = "new-secret-d21f94";
    private static final String SECRET_KEY = "client-secret";

    @TempDir
    Path dir;

    @RegisterExtension
    final Closer closer = new Closer();

    /** When the identity provider stops accepting the old secret (and revokes its tokens). */
    @FunctionalInterface
    private interface OverlapEnds {
        boolean once(TestIdentityProvider idp, RunningRuntime runtime);
    }

    @Test
    void rotatesTheClientSecretThroughTheProvidersOverlapWithoutRefusingLosingOrRestarting() throws Exception {
        rotateUnderLoad((idp, runtime) -> granted(idp.requests(), NEW_SECRET) > 0);
    }

    /** The token the runtime holds was issued for the old secret: the upstream refuses it from then on. */
    @Test
    void renewsATokenRevokedWithTheOldSecretWithoutRefusingLosingOrRestarting() throws Exception {
        rotateUnderLoad((idp, runtime) -> runtime.metrics().contains("otlp_config_reload_total{result=\"success\"} 1.0"));
    }

    private void rotateUnderLoad(OverlapEnds overlapEnds) throws Exception {
        TestIdentityProvider idp = closer.add(TestIdentityProvider.start(CLIENT_ID, OLD_SECRET, TOKEN_LIFETIME));
        TestUpstream upstream = closer.add(TestUpstream.start());
        upstream.requireHeader("authorization", idp::validBearer);
        SecretVolume secret = new SecretVolume(dir.resolve("oauth2"));
        secret.writeText(Map.of(SECRET_KEY, OLD_SECRET + "\n"));
        RunningRuntime runtime = closer.add(RunningRuntime.start(config(upstream, idp, secret)));
        TcpRelay relay = closer.add(new TcpRelay(new InetSocketAddress("127.0.0.1", runtime.runtime().grpcPort())));
        List<KeyedLoadClient> clients = startClients(relay.port());
        PollingAwait.until("tokens renewed under load with the old secret",
                () -> granted(idp.requests(), OLD_SECRET) >= 2);

        idp.acceptSecrets(OLD_SECRET, NEW_SECRET);
        secret.writeText(Map.of(SECRET_KEY, NEW_SECRET + "\n"));
        PollingAwait.until("the end of the overlap", TAKES_EFFECT_WITHIN.plus(TOKEN_LIFETIME),
                () -> overlapEnds.once(idp, runtime));
        idp.acceptSecrets(NEW_SECRET);
        idp.revokeTokensOfRemovedSecrets();
        long overlapEnded = System.nanoTime();
        int acknowledgedAtOverlapEnd = acknowledged(clients).size();
        PollingAwait.until("tokens renewed after the overlap", () -> idp.requests().stream()
                .filter(request -> request.atNanos() > overlapEnded).count() >= 2);
        PollingAwait.until("spans acknowledged after the overlap", () -> acknowledged(clients).size() > acknowledgedAtOverlapEnd + 1000);
        for (KeyedLoadClient client : clients) {
            client.close();
        }

        for (KeyedLoadClient client : clients) {
            assertThat(client.refusals()).as("client requests refused").isEmpty();
        }
        assertThat(relay.connectionsAccepted()).as("client connections: none dropped, no restart").isEqualTo(CLIENTS);
        assertDeliveredOnce(clients, upstream);
        assertThat(idp.requests().stream().filter(request -> request.atNanos() > overlapEnded))
                .as("token requests after the overlap").isNotEmpty()
                .allSatisfy(request -> assertThat(request).isEqualTo(
                        new TokenRequest(NEW_SECRET, true, request.atNanos())));
        assertThat(runtime.metrics()).contains("otlp_config_reload_total{result=\"success\"} 1.0",
                "otlp_config_reload_total{result=\"failure\"} 0.0");
    }

    @Test
    void keepsThePreviousSecretWhenTheRotatedFileIsEmptyAndSaysSoWithoutTurningUnready() throws Exception {
        TestIdentityProvider idp = closer.add(TestIdentityProvider.start(CLIENT_ID, OLD_SECRET, TOKEN_LIFETIME));
        TestUpstream upstream = closer.add(TestUpstream.start());
        upstream.requireHeader("authorization", idp::validBearer);
        SecretVolume secret = new SecretVolume(dir.resolve("oauth2"));
        secret.writeText(Map.of(SECRET_KEY, OLD_SECRET + "\n"));
        RunningRuntime runtime = closer.add(RunningRuntime.start(config(upstream, idp, secret)));
        TcpRelay relay = closer.add(new TcpRelay(new InetSocketAddress("127.0.0.1", runtime.runtime().grpcPort())));
        List<KeyedLoadClient> clients = startClients(relay.port());
        PollingAwait.until("a token fetched under load", () -> granted(idp.requests(), OLD_SECRET) >= 1);

        secret.writeText(Map.of(SECRET_KEY, ""));
        PollingAwait.until("the failed reload counted", TAKES_EFFECT_WITHIN,
                () -> runtime.metrics().contains("otlp_config_reload_total{result=\"failure\"} 1.0"));
        long failed = System.nanoTime();
        var ready = runtime.ready();
        assertThat(ready.statusCode()).as("/ready").isEqualTo(200);
        assertThat(ready.body()).contains("oauth2.client_secret_file", secret.path(SECRET_KEY).toString())
                .doesNotContain(OLD_SECRET);
        PollingAwait.until("tokens renewed after the failed reload", () -> idp.requests().stream()
                .filter(request -> request.atNanos() > failed).count() >= 2);
        for (KeyedLoadClient client : clients) {
            client.close();
        }

        assertThat(idp.requests()).as("token requests").isNotEmpty()
                .allSatisfy(request -> assertThat(request).isEqualTo(new TokenRequest(OLD_SECRET, true, request.atNanos())));
        for (KeyedLoadClient client : clients) {
            assertThat(client.refusals()).as("client requests refused").isEmpty();
        }
        assertThat(relay.connectionsAccepted()).as("client connections: none dropped, no restart").isEqualTo(CLIENTS);
        assertDeliveredOnce(clients, upstream);
        assertThat(runtime.metrics()).contains("otlp_config_reload_total{result=\"failure\"} 1.0",
                "otlp_config_reload_total{result=\"success\"} 0.0");
    }

    private static String config(TestUpstream upstream, TestIdentityProvider idp, SecretVolume secret) {
        return """
                [otlp]
                endpoint = "%s"
                protocol = "grpc"

                [authentication]
                auth_type = "oauth2"

                [oauth2]
                client_id = "%s"
                client_secret_file = "%s"
                token_url = "%s"
                """.formatted(upstream.grpcEndpoint(), CLIENT_ID, secret.path(SECRET_KEY), idp.tokenUrl());
    }

    private List<KeyedLoadClient> startClients(int port) {
        List<KeyedLoadClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            closer.add(channel::shutdownNow);
            clients.add(closer.add(new KeyedLoadClient(channel, null).start()));
        }
        return clients;
    }

    private static long granted(List<TokenRequest> requests, String secret) {
        return requests.stream().filter(request -> request.granted() && request.clientSecret().equals(secret)).count();
    }

    private static Set<Long> acknowledged(List<KeyedLoadClient> clients) {
        Set<Long> acknowledged = new HashSet<>();
        clients.forEach(client -> acknowledged.addAll(client.acknowledged()));
        return acknowledged;
    }

    /** Every acknowledged span id at the upstream, none twice. */
    private static void assertDeliveredOnce(List<KeyedLoadClient> clients, TestUpstream upstream) {
        Set<Long> acknowledged = acknowledged(clients);
        assertThat(acknowledged).as("spans acknowledged under load").hasSizeGreaterThan(1000);
        PollingAwait.until("every acknowledged span at the upstream",
                () -> new HashSet<>(upstream.acceptedSpanIds()).containsAll(acknowledged));
        List<Long> accepted = upstream.acceptedSpanIds();
        assertThat(accepted).as("span ids the upstream took").hasSameSizeAs(new HashSet<>(accepted));
    }
}
