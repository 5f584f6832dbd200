package dev.otlp.runtime.receiver;

import dev.otlp.runtime.telemetry.RateLimitedLog;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Who gives way when a connection arrives at the limit, including when a silent connection speaks as it is chosen. */
class ConnectionLimitTest {

    private static final HttpLimits LIMITS = new HttpLimits(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1), 2, 16);

    private final RuntimeMetrics metrics = new RuntimeMetrics();
    private final ConnectionLimit limit = new ConnectionLimit(LIMITS.maxConnections(), metrics,
            new RateLimitedLog(LoggerFactory.getLogger(ConnectionLimitTest.class), Duration.ofSeconds(10)));

    @Test
    void aNewConnectionAtTheLimitTakesThePlaceOfTheOldestThatHasSentNothing() {
        EmbeddedChannel spoke = connect();
        spoke.writeInbound(Unpooled.wrappedBuffer(new byte[] {'P'}));
        EmbeddedChannel silent = connect();

        EmbeddedChannel newcomer = connect();

        assertThat(silent.isActive()).as("the silent connection").isFalse();
        assertThat(spoke.isActive()).as("the connection that began a request").isTrue();
        assertThat(newcomer.isActive()).isTrue();
        assertThat(limit.open()).isEqualTo(2);
        assertThat(closed("header_timeout")).isEqualTo(1);
        assertThat(closed("connection_limit")).isZero();
    }

    @Test
    void aNewConnectionIsRefusedWhenEveryOpenOneHasBegunARequest() {
        connect().writeInbound(Unpooled.wrappedBuffer(new byte[] {'P'}));
        connect().writeInbound(Unpooled.wrappedBuffer(new byte[] {'P'}));

        EmbeddedChannel newcomer = connect();

        assertThat(newcomer.isActive()).isFalse();
        assertThat(limit.open()).isEqualTo(2);
        assertThat(closed("connection_limit")).isEqualTo(1);
        assertThat(closed("header_timeout")).isZero();
    }

    @Test
    void theNewcomerIsRefusedWhenTheChosenConnectionBeganARequestBeforeItCouldBeClosed() {
        EmbeddedChannel chosen = connect();
        EmbeddedChannel newcomer = connect();
        chosen.writeInbound(Unpooled.wrappedBuffer(new byte[] {'P'}));

        chosen.pipeline().fireUserEventTriggered(new ConnectionLimit.MakeRoom(newcomer));

        assertThat(chosen.isActive()).isTrue();
        assertThat(newcomer.isActive()).isFalse();
        assertThat(closed("connection_limit")).isEqualTo(1);
        assertThat(closed("header_timeout")).isZero();
    }

    private EmbeddedChannel connect() {
        RequestDeadlines deadlines = new RequestDeadlines(LIMITS, metrics, limit);
        return new EmbeddedChannel(limit, deadlines.bytes);
    }

    private double closed(String reason) {
        return metrics.registry().get("otlp.http.connections.closed").tag("reason", reason).counter().count();
    }
}
