package dev.otlp.runtime.export;

import dev.otlp.runtime.reload.CredentialWatcher;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.otlp.runtime.config.RuntimeConfig;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class DebugUpstreamTest {

    private final RuntimeMetrics metrics = new RuntimeMetrics();

    @Test
    void logsOneLinePerBatchAndReportsItDelivered() {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(DebugUpstream.class);
        logs.start();
        logger.addAppender(logs);
        try (Upstream upstream = UpstreamFactory.create(RuntimeConfig.defaults(), metrics, new UpstreamHealth(metrics), new CredentialWatcher(metrics))) {
            assertThat(upstream).isInstanceOf(DebugUpstream.class);

            Delivery delivery = upstream.send(Signal.TRACES, Batches.traces(512), 512, Upstream.NEVER_EXPIRES).join();

            assertThat(delivery).isEqualTo(Delivery.success(512));
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(logs.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .matches("debug upstream: traces batch, spans=512, \\d+\\.\\d KiB, zstd \\d+\\.\\d KiB");
    }
}
