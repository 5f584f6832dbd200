package dev.otlp.runtime;

import dev.otlp.process.RetainedQueue;
import dev.otlp.runtime.config.RuntimeConfig;
import dev.otlp.runtime.config.QueueConfig;
import dev.otlp.runtime.export.Upstream;
import dev.otlp.runtime.export.UpstreamHealth;
import dev.otlp.runtime.export.UpstreamFactory;
import dev.otlp.runtime.pipeline.Pipeline;
import dev.otlp.runtime.queue.DiskQueue;
import dev.otlp.runtime.queue.MemoryQueue;
import dev.otlp.runtime.queue.PayloadQueue;
import dev.otlp.runtime.receiver.DecodeBudget;
import dev.otlp.runtime.receiver.GrpcReceiver;
import dev.otlp.runtime.receiver.HttpReceiver;
import dev.otlp.runtime.receiver.ReceiverCredentials;
import dev.otlp.runtime.reload.CredentialWatcher;
import dev.otlp.runtime.telemetry.Readiness;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import dev.otlp.runtime.telemetry.TelemetryServers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * One running exporter: receivers → pipeline → upstream, with its probes and metrics. Built from a
 * validated {@link RuntimeConfig}; {@link #shutdown()} is the SIGTERM path.
 */
public final class ExporterRuntime {

    private static final Logger log = LoggerFactory.getLogger(ExporterRuntime.class);
    private static final Duration RECEIVER_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final RuntimeConfig config;
    private final RuntimeMetrics metrics;
    private final UpstreamHealth upstreamHealth;
    private final Upstream upstream;
    private final PayloadQueue queue;
    private final Pipeline pipeline;
    private final GrpcReceiver grpc;
    private final HttpReceiver http;
    private final TelemetryServers telemetry;
    private final CredentialWatcher credentials;
    private volatile boolean listening;
    private volatile boolean stopping;
    private volatile long retainedBytes;
    private volatile String shutdownSummary = "";

    private ExporterRuntime(RuntimeConfig config, RuntimeMetrics metrics) throws IOException {
        this.config = config;
        this.metrics = metrics;
        this.upstreamHealth = new UpstreamHealth(metrics);
        this.credentials = new CredentialWatcher(metrics);
        metrics.reloadFailingGauge(() -> credentials.failures().size());
        this.upstream = UpstreamFactory.create(config, metrics, upstreamHealth, credentials);
        try {
            this.queue = openQueue(config.queue(), metrics);
        } catch (IOException | RuntimeException e) {
            upstream.close();
            throw e;
        }
        this.pipeline = new Pipeline(config.performance(), config.queue(), config.otlp().maxExportSize(), queue,
                upstream, metrics);
        DecodeBudget decodeBudget = DecodeBudget.forHeap(config.receiver().maxRequestSize());
        metrics.decodeReservedGauge(decodeBudget::reserved, decodeBudget.capacity());
        metrics.retainedBytesGauge(() -> retainedBytes);
        ReceiverCredentials receiverCredentials = ReceiverCredentials.load(config.receiver(), credentials);
        this.grpc = new GrpcReceiver(config.receiver(), receiverCredentials, pipeline, metrics, decodeBudget);
        this.http = new HttpReceiver(config.receiver(), receiverCredentials, pipeline, metrics, decodeBudget);
        this.telemetry = TelemetryServers.start(config.monitoring(), metrics, new Readiness() {
            @Override
            public List<String> notReadyReasons() {
                return ExporterRuntime.this.notReadyReasons();
            }

            @Override
            public Map<String, String> upstream() {
                return upstreamHealth.snapshot();
            }

            @Override
            public List<String> warnings() {
                return credentials.failures();
            }
        });
        try {
            credentials.start();
            pipeline.start();
            grpc.start();
            http.start();
            listening = true;
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    private static PayloadQueue openQueue(QueueConfig queue, RuntimeMetrics metrics) throws IOException {
        if (!queue.persistence().enabled()) {
            return new MemoryQueue(queue.maxItems(), queue.maxBytes());
        }
        try {
            return DiskQueue.open(queue.persistence(), queue.maxItems(), metrics::corruptQueueRecord);
        } catch (IOException e) {
            throw new IOException("cannot open the persistent queue in " + queue.persistence().directory() + ": "
                    + e.getMessage(), e);
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
        List<String> reasons = new ArrayList<>();
        if (stopping) {
            reasons.add("shutting down");
        }
        reasons.addAll(pipeline.notReadyReasons());
        reasons.addAll(upstreamHealth.notReadyReasons());
        if (!listening) {
            reasons.add("OTLP receivers not listening");
        }
        return reasons;
    }

    /**
     * The SIGTERM path. Readiness goes false first while data is still taken for
     * {@code [queue] shutdown_delay}, the time the Service takes to stop sending here; then new data is
     * refused with a retryable status, what is held is delivered within {@code [queue] drain_timeout},
     * and everything stops. What is still held is lost with a memory queue, and kept for the next start
     * with a persistent one, whose drain also ends once the upstream stops taking data (the rest is on
     * disk already), and the bytes it keeps are logged and set on {@code otlp_queue_retained_bytes}. Returns the
     * items accepted since start that will never reach the upstream.
     */
    public long shutdown() throws InterruptedException {
        return shutdown(summary -> { });
    }

    /**
     * The same, handing {@link #shutdownSummary()} to {@code summaryReport} as soon as it is known, before the
     * receivers and the telemetry servers are waited for: the kubelet's SIGKILL may come during those.
     */
    public long shutdown(Consumer<String> summaryReport) throws InterruptedException {
        Duration delay = config.queue().shutdownDelay();
        stopping = true;
        http.closeConnectionsAfterAnswers();
        if (!delay.isZero()) {
            log.info("shutting down: not ready, still taking data for {} ms while the Service stops sending here",
                    delay.toMillis());
            Thread.sleep(delay.toMillis());
        }
        Duration grace = config.queue().drainTimeout();
        log.info("shutting down: refusing new data, draining for up to {} s{}", grace.toSeconds(),
                queue.persistent() ? " while the upstream takes data; the persistent queue keeps the rest" : "");
        boolean drained = pipeline.drain(grace);
        listening = false;
        grpc.shutdown();
        http.shutdown();
        upstream.close();
        long undelivered = pipeline.stop();
        long retained = pipeline.retained();
        retainedBytes = retained > 0 ? queue.bytes() : 0;
        String lost = undelivered + " items received since start will never be delivered"
                + (drained ? "" : "; the drain timeout passed with data still held");
        shutdownSummary = summary(retained, undelivered, lost);
        summaryReport.accept(shutdownSummary);
        queue.close();
        credentials.close();
        grpc.awaitTermination(RECEIVER_STOP_TIMEOUT);
        http.awaitTermination(RECEIVER_STOP_TIMEOUT);
        telemetry.close();
        if (retained > 0) {
            log.info("shut down: {} bytes ({} items) are kept in the persistent queue in {} and are delivered after the"
                    + " next start on it", retainedBytes, retained, config.queue().persistence().directory());
        }
        if (undelivered == 0 && retained == 0) {
            log.info(shutdownSummary);
        } else if (undelivered == 0) {
            log.info("shut down: nothing received was lost");
        } else {
            log.warn("shut down: {} (see otlp_dropped_items_total)", lost);
        }
        return undelivered;
    }

    private String summary(long retained, long undelivered, String lost) {
        String kept = new RetainedQueue(retainedBytes, retained, config.queue().persistence().directory()).message();
        if (retained > 0) {
            return undelivered == 0 ? kept : kept + "; " + lost;
        }
        return undelivered == 0 ? "shut down: everything received was delivered" : "shut down: " + lost;
    }

    /**
     * One line on how the last {@link #shutdown} ended, for the container's termination message: a persistent queue's
     * retained data as {@link RetainedQueue#message()}, or what was delivered or lost; empty before a shutdown.
     */
    public String shutdownSummary() {
        return shutdownSummary;
    }

    private void closeQuietly() {
        for (Runnable step : List.<Runnable>of(grpc::shutdown, http::shutdown, upstream::close, queue::close,
                credentials::close, telemetry::close)) {
            try {
                step.run();
            } catch (RuntimeException e) {
                log.debug("while stopping after a failed start", e);
            }
        }
    }
}
