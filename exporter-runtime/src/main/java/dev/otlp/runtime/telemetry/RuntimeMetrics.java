package dev.otlp.runtime.telemetry;

import dev.otlp.runtime.otlp.Signal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The runtime's own metrics, under the names the design seed's dashboard and alert rules use: the
 * catalogue, where every meter is named and described; other classes hand over only the values
 * that gauges read. Meters on the hot path are resolved once per signal, so recording is a field
 * read and an add.
 */
public final class RuntimeMetrics {

    /** How a receiver answered a request; the {@code outcome} label of {@code otlp_requests_total}. */
    public enum Outcome {
        ACCEPTED("accepted"),
        INVALID("invalid"),
        TOO_LARGE("too_large"),
        UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),
        UNAUTHENTICATED("unauthenticated"),
        QUEUE_FULL("queue_full"),
        /** Refused, retryable: decoding it needs memory other requests in decoding hold. */
        OVERLOADED("overloaded"),
        /** The client did not send the whole body in time. */
        TIMEOUT("timeout"),
        SHUTTING_DOWN("shutting_down"),
        INTERNAL_ERROR("internal_error");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        boolean isError() {
            return this != ACCEPTED;
        }
    }

    /** The receiver a request came through; the {@code transport} label of {@code otlp_requests_total}. */
    public enum ReceiverTransport {
        GRPC("grpc"), HTTP("http");

        private final String label;

        ReceiverTransport(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The Prometheus name of the queue's fill, which autoscaling on {@code queueFill} reads. */
    public static final String QUEUE_FILL_RATIO = "otlp_queue_fill_ratio";
    /** The Prometheus name of the items accepted from clients, by {@code signal}: autoscaling on {@code receivedItemsRate} reads its rate. */
    public static final String RECEIVED_ITEMS = "otlp_received_items_total";

    /** Why accepted items were lost; every one exists at 0 from start-up, so that alerts see the first loss. */
    public static final List<String> DROP_REASONS = List.of("rejected", "partial_success", "expired", "shutdown", "corrupt");
    /** Why items were refused at receipt (the client keeps them). */
    public static final List<String> REFUSAL_REASONS = List.of(
            Outcome.QUEUE_FULL.label(), Outcome.SHUTTING_DOWN.label(), Outcome.TOO_LARGE.label());
    /** Why the OTLP/HTTP receiver closed a connection on its own. */
    public static final List<String> CONNECTION_CLOSE_REASONS = List.of(
            "header_timeout", "body_timeout", "idle", "connection_limit");
    /**
     * Every reason an export attempt can fail with, registered at 0 from start-up (in
     * {@code otlp_export_failures_total} and, prefixed {@code export_}, in {@code otlp_errors_total}):
     * every gRPC status code, the HTTP statuses OTLP/HTTP names and the classes of the others, and the
     * failures before an answer.
     */
    public static final List<String> EXPORT_FAILURE_REASONS = List.of(
            "cancelled", "unknown", "invalid_argument", "deadline_exceeded", "not_found", "already_exists",
            "permission_denied", "resource_exhausted", "failed_precondition", "aborted", "out_of_range",
            "unimplemented", "internal", "unavailable", "data_loss", "unauthenticated",
            "http_400", "http_408", "http_413", "http_415", "http_429", "http_500", "http_502", "http_503", "http_504",
            "http_3xx", "http_4xx", "http_5xx",
            "tls", "connect", "timeout", "io", "oauth2_token", "shutdown");

    /**
     * {@code otlp_request_duration_seconds}' bucket bounds (28, plus {@code +Inf}): 10 µs steps to 100 µs and 100 µs
     * steps to 1 ms, where the receive-to-acknowledge target (p99 ≤ 100 µs) and the GC-pause tail lie, then the
     * coarse bounds that alert thresholds (50 ms, 100 ms, 250 ms...) select.
     */
    static final Duration[] REQUEST_DURATION_BOUNDS = requestDurationBounds();

    private final PrometheusMeterRegistry registry;
    private final Counter corruptQueueRecords;
    private final Counter upstreamSwitches;
    private final Map<Signal, Counter> received = new EnumMap<>(Signal.class);
    private final Map<Signal, Counter> exported = new EnumMap<>(Signal.class);
    private final Map<Signal, Timer> requestDuration = new EnumMap<>(Signal.class);
    private final Map<Signal, Timer> exportDuration = new EnumMap<>(Signal.class);
    private final Map<Signal, DistributionSummary> batchSize = new EnumMap<>(Signal.class);
    private final Map<Signal, Counter> retries = new EnumMap<>(Signal.class);
    private final Map<String, Counter> labelled = new ConcurrentHashMap<>();
    /** {@code otlp_requests_total} by signal, transport and outcome: resolved without building a key per request. */
    private final AtomicReferenceArray<Counter> requests =
            new AtomicReferenceArray<>(Signal.values().length * ReceiverTransport.values().length * Outcome.values().length);
    private final AtomicLong uncompressedBytes = new AtomicLong();
    private final AtomicLong compressedBytes = new AtomicLong();

    public RuntimeMetrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProcessMetrics.builder().register(registry.getPrometheusRegistry());
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        for (Signal signal : Signal.values()) {
            received.put(signal, Counter.builder("otlp.received.items").tag("signal", signal.key())
                    .description("Items (spans, data points, log records) accepted from clients").register(registry));
            exported.put(signal, Counter.builder("otlp.exported.items").tag("signal", signal.key())
                    .description("Items delivered to the upstream").register(registry));
            requestDuration.put(signal, Timer.builder("otlp.request.duration").tag("signal", signal.key())
                    .description("Time from a request's arrival to its acknowledgement")
                    .serviceLevelObjectives(REQUEST_DURATION_BOUNDS)
                    .register(registry));
            exportDuration.put(signal, Timer.builder("otlp.export.duration").tag("signal", signal.key())
                    .description("Time to deliver one batch upstream, retries included")
                    .serviceLevelObjectives(millis(1), millis(5), millis(10), millis(25), millis(50), millis(100),
                            millis(250), millis(500), millis(1000), millis(2500), millis(5000), millis(10000),
                            millis(30000))
                    .register(registry));
            batchSize.put(signal, DistributionSummary.builder("otlp.batch.size").tag("signal", signal.key())
                    .description("Items per batch sent upstream").register(registry));
            retries.put(signal, Counter.builder("otlp.export.retries").tag("signal", signal.key())
                    .description("Export attempts repeated after a retryable failure").register(registry));
        }
        upstreamSwitches = Counter.builder("otlp.upstream.switches")
                .description("Switches of the active upstream: failovers to a [[otlp.failover]] upstream and failbacks")
                .register(registry);
        corruptQueueRecords = Counter.builder("otlp.queue.corrupt.records")
                .description("Damaged stretches of the persistent queue's segments skipped or truncated at start-up,"
                        + " segments that held data found missing or empty, and segments refused for a format version"
                        + " this runtime does not read")
                .register(registry);
        CONNECTION_CLOSE_REASONS.forEach(reason -> connectionClosed(reason, 0));
        // What the error-rate alert and the dashboard divide exists from start-up, not from the first error.
        for (Outcome outcome : Outcome.values()) {
            if (outcome.isError()) {
                labelled("otlp.errors", "Errors of any kind, by type", "type", outcome.label());
            }
            for (Signal signal : Signal.values()) {
                for (ReceiverTransport transport : ReceiverTransport.values()) {
                    requests(signal, transport, outcome);
                }
            }
        }
        for (Signal signal : Signal.values()) {
            DROP_REASONS.forEach(reason -> itemsDropped(signal, 0, reason));
            REFUSAL_REASONS.forEach(reason -> itemsRefused(signal, 0, reason));
            EXPORT_FAILURE_REASONS.forEach(reason -> exportFailures(signal, reason));
        }
        EXPORT_FAILURE_REASONS.forEach(reason -> labelled("otlp.errors", "Errors of any kind, by type", "type", "export_" + reason));
        configReload("success", 0);
        configReload("failure", 0);
        Gauge.builder("otlp.compression.ratio", this, RuntimeMetrics::compressionRatio)
                .description("Bytes before compression per byte sent upstream, since start").register(registry);
    }

    private static Duration[] requestDurationBounds() {
        List<Duration> bounds = new ArrayList<>();
        for (int micros = 10; micros <= 100; micros += 10) {
            bounds.add(micros(micros));
        }
        for (int micros = 200; micros <= 1000; micros += 100) {
            bounds.add(micros(micros));
        }
        for (double millis : new double[] {2.5, 5, 10, 25, 50, 100, 250, 500, 1000}) {
            bounds.add(millis(millis));
        }
        return bounds.toArray(Duration[]::new);
    }

    private static Duration micros(long micros) {
        return Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(micros));
    }

    private static Duration millis(double millis) {
        return Duration.ofNanos((long) (millis * 1_000_000));
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    /** One request answered by a receiver, with the time from its arrival to the answer. */
    public void requestCompleted(Signal signal, ReceiverTransport transport, Outcome outcome, long durationNanos) {
        requests(signal, transport, outcome).increment();
        requestDuration.get(signal).record(durationNanos, TimeUnit.NANOSECONDS);
        if (outcome.isError()) {
            error(outcome.label());
        }
    }

    private Counter requests(Signal signal, ReceiverTransport transport, Outcome outcome) {
        int index = (signal.ordinal() * ReceiverTransport.values().length + transport.ordinal()) * Outcome.values().length
                + outcome.ordinal();
        Counter counter = requests.get(index);
        if (counter == null) {
            counter = Counter.builder("otlp.requests").description("Requests answered by the receivers")
                    .tags("signal", signal.key(), "transport", transport.label(), "outcome", outcome.label())
                    .register(registry);
            requests.set(index, counter);
        }
        return counter;
    }

    /** A connection the OTLP/HTTP receiver closed itself, for one of {@link #CONNECTION_CLOSE_REASONS}. */
    public void connectionClosed(String reason) {
        connectionClosed(reason, 1);
    }

    private void connectionClosed(String reason, int count) {
        labelled("otlp.http.connections.closed", "Connections the OTLP/HTTP receiver closed itself, by reason",
                "reason", reason).increment(count);
    }

    /** {@code otlp_http_connections}: connections open to the OTLP/HTTP receiver. */
    public void connectionsGauge(IntSupplier open) {
        Gauge.builder("otlp.http.connections", open::getAsInt)
                .description("Connections open to the OTLP/HTTP receiver").register(registry);
    }

    /** {@code otlp_decode_reserved_bytes}: memory reserved by requests being read and decoded. */
    public void decodeReservedGauge(LongSupplier reserved, long capacity) {
        Gauge.builder("otlp.decode.reserved", reserved::getAsLong).baseUnit("bytes")
                .description("Bytes reserved by requests being read and decoded; refused beyond " + capacity)
                .register(registry);
    }

    /** Counts an error of any kind; {@code otlp_errors_total{type}} is what the error-rate alert divides. */
    public void error(String type) {
        labelled("otlp.errors", "Errors of any kind, by type", "type", type).increment();
    }

    public void itemsReceived(Signal signal, int items) {
        received.get(signal).increment(items);
    }

    /** Items turned away at receipt: back-pressure (retryable), or too large to export (not retryable). */
    public void itemsRefused(Signal signal, int items, String reason) {
        labelled("otlp.refused.items", "Items refused at receipt, by reason; the client still holds them",
                "signal", signal.key(), "reason", reason).increment(items);
    }

    public void itemsExported(Signal signal, int items) {
        exported.get(signal).increment(items);
    }

    /** Items that were accepted from a client and then lost: rejected upstream, out of retries, or not drained. */
    public void itemsDropped(Signal signal, long items, String reason) {
        labelled("otlp.dropped.items", "Items accepted from clients that never reached the upstream",
                "signal", signal.key(), "reason", reason).increment(items);
    }

    public void batchSent(Signal signal, int items, long durationNanos) {
        batchSize.get(signal).record(items);
        exportDuration.get(signal).record(durationNanos, TimeUnit.NANOSECONDS);
    }

    public void exportRetried(Signal signal) {
        retries.get(signal).increment();
    }

    /** One failed export attempt, by reason (e.g. {@code unavailable}, {@code http_503}). */
    public void exportAttemptFailed(Signal signal, String reason) {
        exportFailures(signal, reason).increment();
        error("export_" + reason);
    }

    private Counter exportFailures(Signal signal, String reason) {
        return labelled("otlp.export.failures", "Export attempts that failed, by reason",
                "signal", signal.key(), "reason", reason);
    }

    /**
     * A damaged stretch of a persistent queue segment, skipped or truncated when the queue was opened, or a
     * segment that held data and is missing or empty; the items it held are dropped as {@code corrupt} when known.
     */
    public void corruptQueueRecord(Signal signal, OptionalLong itemsLost) {
        corruptQueueRecords.increment();
        itemsLost.ifPresent(items -> itemsDropped(signal, items, "corrupt"));
    }

    /**
     * {@code otlp_config_reload_total{result}}: a referenced file (certificate, key, API keys, secret)
     * changed and was loaded ({@code success}), or did not load and the previous content stays in use
     * ({@code failure}).
     */
    public void configReloaded(boolean loaded) {
        configReload(loaded ? "success" : "failure", 1);
    }

    private void configReload(String result, int count) {
        labelled("otlp.config.reload", "Reloads of changed credential files, by result; a failure keeps the"
                + " previous content in use", "result", result).increment(count);
    }

    /**
     * {@code otlp_config_reload_failing}: how many credential settings have files whose current content did not
     * load, so that the previous content stays in use; 0 once every one has loaded. A failed reload counts once
     * in {@code otlp_config_reload_total}, while this stays up until the files are fixed.
     */
    public void reloadFailingGauge(IntSupplier failing) {
        gauge("otlp.config.reload.failing", "Credential settings whose changed files did not load (the previous"
                + " content stays in use until they are fixed)", failing::getAsInt);
    }

    /** Bytes of one upstream request body before and after compression. */
    public void compressed(long before, long after) {
        uncompressedBytes.addAndGet(before);
        compressedBytes.addAndGet(after);
    }

    private double compressionRatio() {
        long after = compressedBytes.get();
        return after == 0 ? 1.0 : (double) uncompressedBytes.get() / after;
    }

    /**
     * {@code otlp_queue_size}, {@code _capacity} and their {@code _bytes}: what the queue holds between acknowledging and
     * delivering; and {@value #QUEUE_FILL_RATIO}, one gauge for the whole queue (all signals share it), what autoscaling
     * on queue fill reads.
     */
    public void queueGauges(LongSupplier items, LongSupplier maxItems, LongSupplier bytes, LongSupplier maxBytes) {
        gauge("otlp.queue.size", "Items held between acknowledging and delivering", items);
        gauge("otlp.queue.capacity", "Items the queue holds at most", maxItems);
        gauge("otlp.queue.size.bytes", "Bytes held between acknowledging and delivering (on disk for a persistent queue)",
                bytes);
        gauge("otlp.queue.capacity.bytes", "Bytes the queue holds at most", maxBytes);
        Gauge.builder("otlp.queue.fill.ratio", () -> fillRatio(items, maxItems, bytes, maxBytes))
                .description("How full the queue is, 0 to 1: the larger of its items and its bytes over their limits;"
                        + " at 1 new data is refused (retryable)")
                .register(registry);
    }

    /** The queue is full when either limit is reached, so its fill is the fuller of the two. */
    private static double fillRatio(LongSupplier items, LongSupplier maxItems, LongSupplier bytes, LongSupplier maxBytes) {
        return Math.min(1.0, Math.max(ratio(items, maxItems), ratio(bytes, maxBytes)));
    }

    private static double ratio(LongSupplier held, LongSupplier limit) {
        long max = limit.getAsLong();
        return max <= 0 ? 0.0 : (double) held.getAsLong() / max;
    }

    /**
     * {@code otlp_queue_retained_bytes}: 0 until a shutdown's drain ends with data left in a persistent queue, then
     * the bytes it keeps on disk for the next start (scraped only until the process exits).
     */
    public void retainedBytesGauge(LongSupplier bytes) {
        gauge("otlp.queue.retained.bytes", "Bytes a persistent queue keeps on disk for the next start after a shutdown"
                + " ended its drain with data left; 0 before", bytes);
    }

    /** {@code otlp_batch_target_size{signal}}: the item count at which a batch of {@code signal} is sent now. */
    public void batchTargetSizeGauge(Signal signal, IntSupplier target) {
        gauge("otlp.batch.target.size", "Items at which a batch is sent now (adaptive batching moves it)",
                target::getAsInt, "signal", signal.key());
    }

    /** {@code otlp_active_connections}: connections open to the upstream. */
    public void activeConnectionsGauge(IntSupplier open) {
        gauge("otlp.active.connections", "Connections open to the upstream", open::getAsInt);
    }

    /** {@code otlp_export_blocked{reason}}: 1 while the upstream refuses every export for {@code reason}. */
    public void exportBlockedGauge(String reason, BooleanSupplier blocked) {
        gauge("otlp.export.blocked", "1 while the upstream refuses every export for this reason; data is held",
                () -> blocked.getAsBoolean() ? 1 : 0, "reason", reason);
    }

    /**
     * {@code otlp_upstream_active{upstream}}: 1 for the upstream exports go to now ({@code primary}, or
     * {@code failover-N} for the N-th {@code [[otlp.failover]]} table), 0 for the others.
     */
    public void upstreamActiveGauge(String upstream, BooleanSupplier active) {
        gauge("otlp.upstream.active", "1 for the upstream that exports go to now: primary, or failover-N for the N-th"
                + " [[otlp.failover]] table", () -> active.getAsBoolean() ? 1 : 0, "upstream", upstream);
    }

    /** {@code otlp_upstream_switches_total}: one more failover or failback. */
    public void upstreamSwitched() {
        upstreamSwitches.increment();
    }

    /** {@code otlp_upstream_reachable}: 1 while exports get through. */
    public void upstreamReachableGauge(BooleanSupplier reachable) {
        gauge("otlp.upstream.reachable", "1 while exports reach the upstream and it takes them; 0 while it is"
                        + " unreachable or refuses this runtime (credentials, permissions, address, TLS)",
                () -> reachable.getAsBoolean() ? 1 : 0);
    }

    private void gauge(String name, String description, LongSupplier value, String... tags) {
        Gauge.builder(name, value::getAsLong).description(description).tags(tags).register(registry);
    }

    private Counter labelled(String name, String description, String... tags) {
        String key = name + String.join("\u0000", tags);
        Counter counter = labelled.get(key);
        if (counter == null) {
            counter = labelled.computeIfAbsent(key,
                    k -> Counter.builder(name).description(description).tags(tags).register(registry));
        }
        return counter;
    }
}
