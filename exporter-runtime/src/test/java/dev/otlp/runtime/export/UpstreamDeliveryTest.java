package dev.otlp.runtime.export;

import dev.otlp.runtime.reload.CredentialWatcher;
import dev.otlp.runtime.config.AuthenticationConfig;
import dev.otlp.runtime.config.PerformanceConfig.Compression;
import dev.otlp.runtime.config.Secret;
import dev.otlp.runtime.config.UpstreamConfig.Protocol;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import dev.otlp.runtime.testing.Closer;
import dev.otlp.runtime.testing.ReceivedRequest;
import dev.otlp.runtime.testing.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamDeliveryTest {

    @RegisterExtension
    final Closer closer = new Closer();
    private final TestUpstream server = closer.add(TestUpstream.start());
    private final RuntimeMetrics metrics = new RuntimeMetrics();

    static Stream<Arguments> protocolsAndCompressions() {
        return Stream.of(Protocol.values()).flatMap(protocol -> Stream.of(Compression.values())
                .map(compression -> Arguments.of(protocol, compression)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("protocolsAndCompressions")
    void deliversBatchesByteExactWithTheConfiguredCompression(Protocol protocol, Compression compression) {
        TestConfig config = TestConfig.sendingTo(server, protocol);
        config.compression = compression;
        Upstream upstream = closer.add(UpstreamFactory.create(config.build(), metrics, new UpstreamHealth(metrics), new CredentialWatcher(metrics)));
        byte[] batch = Batches.traces(512);

        Delivery delivery = upstream.send(Signal.TRACES, batch, 512, Upstream.NEVER_EXPIRES).join();

        assertThat(delivery).isEqualTo(Delivery.success(512));
        ReceivedRequest received = server.await(1).get(0);
        assertThat(received.body()).isEqualTo(batch);
        assertThat(received.encoding()).isEqualTo(compression == Compression.NONE ? "identity" : compression.key());
        assertThat(received.items()).isEqualTo(512);
        assertThat(received.protocol()).isEqualTo(protocol.key());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void sendsBatchesBelowTheMinimumSizeUncompressed(Protocol protocol) {
        TestConfig config = TestConfig.sendingTo(server, protocol);
        config.minCompressionSize = 1 << 20;
        Upstream upstream = closer.add(UpstreamFactory.create(config.build(), metrics, new UpstreamHealth(metrics), new CredentialWatcher(metrics)));
        byte[] batch = Batches.traces(10);

        assertThat(upstream.send(Signal.TRACES, batch, 10, Upstream.NEVER_EXPIRES).join().outcome()).isEqualTo(Delivery.Outcome.DELIVERED);

        ReceivedRequest received = server.await(1).get(0);
        assertThat(received.encoding()).isEqualTo("identity");
        assertThat(received.body()).isEqualTo(batch);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void sendsConfiguredHeadersAndTheApiKey(Protocol protocol, @TempDir Path dir) throws Exception {
        Path keyFile = Files.writeString(dir.resolve("api-key"), "key-from-file\n");
        TestConfig config = TestConfig.sendingTo(server, protocol);
        config.headers = Map.of("X-Tenant", "team-a");
        config.authentication = new AuthenticationConfig(true, AuthenticationConfig.AuthType.API_KEY, null,
                keyFile.toString(), "X-API-Key");
        Upstream upstream = closer.add(UpstreamFactory.create(config.build(), metrics, new UpstreamHealth(metrics), new CredentialWatcher(metrics)));

        upstream.send(Signal.TRACES, Batches.traces(3), 3, Upstream.NEVER_EXPIRES).join();

        ReceivedRequest received = server.await(1).get(0);
        assertThat(received.header("x-tenant")).isEqualTo("team-a");
        assertThat(received.header("x-api-key")).isEqualTo("key-from-file");
    }

    @Test
    void postsToTheSignalPathUnderTheEndpointsBasePath() {
        TestConfig config = new TestConfig(server.httpEndpoint() + "/otlp/v1/traces", Protocol.HTTP);
        config.authentication = new AuthenticationConfig(true, AuthenticationConfig.AuthType.API_KEY,
                new Secret("inline-key"), null, "Authorization-Key");
        Upstream upstream = closer.add(UpstreamFactory.create(config.build(), metrics, new UpstreamHealth(metrics), new CredentialWatcher(metrics)));

        upstream.send(Signal.TRACES, Batches.traces(3), 3, Upstream.NEVER_EXPIRES).join();
        upstream.send(Signal.LOGS, new byte[0], 0, Upstream.NEVER_EXPIRES).join();

        assertThat(server.await(2)).extracting(ReceivedRequest::path).containsExactly("/otlp/v1/traces", "/otlp/v1/logs");
        assertThat(server.received().get(0).header("authorization-key")).isEqualTo("inline-key");
    }

    @Test
    void countsCompressionRatioOfGrpcBatches() {
        TestConfig config = TestConfig.sendingTo(server, Protocol.GRPC);
        Upstream upstream = closer.add(UpstreamFactory.create(config.build(), metrics, new UpstreamHealth(metrics), new CredentialWatcher(metrics)));

        upstream.send(Signal.TRACES, Batches.traces(512), 512, Upstream.NEVER_EXPIRES).join();

        assertThat(metrics.scrape()).containsPattern("otlp_compression_ratio [2-9]");
    }
}
