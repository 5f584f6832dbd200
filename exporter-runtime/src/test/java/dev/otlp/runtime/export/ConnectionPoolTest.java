package dev.otlp.runtime.export;

import dev.otlp.runtime.config.UpstreamConfig.Protocol;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.testing.Closer;
import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionPoolTest {

    @RegisterExtension
    final Closer closer = new Closer();
    private final TestUpstream server = closer.add(TestUpstream.start());

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void opensNewConnectionsOnceTheMaxLifetimeHasPassed(Protocol protocol) throws InterruptedException {
        TestConfig config = TestConfig.sendingTo(server, protocol);
        config.minConnections = 1;
        config.maxConnections = 1;
        config.maxLifetime = Duration.ofMillis(200);
        Upstream upstream = closer.add(config.upstream());

        PollingAwait.until("the condition", () -> {
            assertThat(upstream.send(Signal.TRACES, Batches.traces(2), 2, Upstream.NEVER_EXPIRES).join().delivered()).isEqualTo(2);
            return server.connections().size() >= 3;
        });

        assertThat(server.received()).allSatisfy(r -> assertThat(r.items()).isEqualTo(2));
    }

    @Test
    void connectsTheMinimumNumberOfGrpcChannelsEagerly() throws InterruptedException {
        TestConfig config = TestConfig.sendingTo(server, Protocol.GRPC);
        config.minConnections = 3;
        Upstream upstream = closer.add(config.upstream());

        PollingAwait.until("the condition", () -> upstream.activeConnections() == 3);
    }
}
