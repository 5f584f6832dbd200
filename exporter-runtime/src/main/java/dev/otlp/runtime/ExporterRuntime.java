package dev.otlp.runtime;

import dev.otlp.runtime.config.RuntimeConfig;
import dev.otlp.runtime.export.Upstream;
import dev.otlp.runtime.export.UpstreamFactory;
import dev.otlp.runtime.pipeline.Pipeline;
import dev.otlp.runtime.receiver.GrpcReceiver;
import dev.otlp.runtime.receiver.HttpReceiver;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import dev.otlp.runtime.telemetry.TelemetryServers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * One running exporter: receivers → pipeline → upstream, with its probes and metrics. Built from a
 * validated {@link RuntimeConfig}; {@link #shutdown()} is the SIGTERM path.
 */
public final class ExporterRuntime {

    private static final Logger log = LoggerFactory.getLogger(ExporterRuntime.class);
    private static final Duration RECEIVER_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final RuntimeConfig config;
    private final RuntimeMetrics metrics;
    private final Upstream upstream;
    private final Pipeline pipeline;
    private final GrpcReceiver grpc;
    private final HttpReceiver http;
    private final TelemetryServers telemetry;
    private volatile boolean listening;

    private ExporterRuntime(RuntimeConfig config, RuntimeMetrics metrics) throws IOException {
        this.config = config;
        this.metrics = metrics;
        this.upstream = UpstreamFactory.create(config, metrics);
        this.pipeline = new Pipeline(config.performance(), config.queue(), upstream, metrics);
        this.grpc = new GrpcReceiver(config.receiver(), pipeline, metrics);
        this.http = new HttpReceiver(config.receiver(), pipeline, metrics);
        this.telemetry = TelemetryServers.start(config.monitoring(), metrics, this::notReadyReasons);
        try {
            pipeline.start();
            grpc.start();
            http.start();
            listening = true;
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Starts everything; a port that cannot be bound fails here with the port named. */
    public static ExporterRuntime start(RuntimeConfig config) throws IOException {
        ExporterRuntime runtime = new ExporterRuntime(config, new RuntimeMetrics());
        log.info("otlp exporter runtime ready: OTLP gRPC :{}, HTTP :{}, profile {}, upstream {} {}, compression {}",
                runtime.grpcPort(), runtime.httpPort(), config.performance().profile().key(),
                config.otlp().protocol().key(), config.otlp().displayEndpoint(), config.performance().effectiveCompression().key());
        return runtime;
    }

    public int grpcPort() {
        return grpc.port();
    }

    public int httpPort() {
        return http.port();
    }

    public OptionalInt healthPort() {
        return telemetry.healthPort();
    }

    public OptionalInt metricsPort() {
        return telemetry.metricsPort();
    }

    public RuntimeMetrics metrics() {
        return metrics;
    }

    /** Why {@code /ready} answers 503 now; empty when ready. */
    public List<String> notReadyReasons() {
        List<String> reasons = new ArrayList<>(pipeline.notReadyReasons());
        if (!listening) {
            reasons.add("OTLP receivers not listening");
        }
        return reasons;
    }

    /**
     * The SIGTERM path: readiness goes false and new data is refused with a retryable status, what
     * is held is delivered within {@code [queue] drain_timeout}, then everything stops.
     * Returns the items accepted since start that never reached the upstream.
     */
    public long shutdown() throws InterruptedException {
        Duration grace = config.queue().drainTimeout();
        log.info("shutting down: refusing new data, draining for up to {} s", grace.toSeconds());
        boolean drained = pipeline.drain(grace);
        listening = false;
        grpc.shutdown();
        http.shutdown();
        upstream.close();
        long undelivered = pipeline.stop();
        grpc.awaitTermination(RECEIVER_STOP_TIMEOUT);
        http.awaitTermination(RECEIVER_STOP_TIMEOUT);
        telemetry.close();
        if (undelivered == 0) {
            log.info("shut down: everything received was delivered");
        } else {
            log.warn("shut down: {} items received since start were not delivered{} (see otlp_dropped_items_total)",
                    undelivered, drained ? "" : "; the drain timeout passed with data still held");
        }
        return undelivered;
    }

    private void closeQuietly() {
        for (Runnable step : List.<Runnable>of(grpc::shutdown, http::shutdown, upstream::close, telemetry::close)) {
            try {
                step.run();
            } catch (RuntimeException e) {
                log.debug("while stopping after a failed start", e);
            }
        }
    }
}
