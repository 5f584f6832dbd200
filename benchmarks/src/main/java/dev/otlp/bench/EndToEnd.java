package dev.otlp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end throughput: a load generator sends pre-serialized 512-span trace requests to the
 * exporter runtime, running as its own process, which forwards them with zstd to a sink in this
 * JVM. Then, for the ceiling, the same load goes straight to the sink, uncompressed and with zstd
 * at the profile's level. Prints a markdown table; see {@code benchmarks/README.md}.
 */
public final class EndToEnd {

    private static final int REQUEST_VARIANTS = 16;
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(200);
    private static final Duration DRAIN_QUIET = Duration.ofSeconds(2);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    private static final String TRACES = "signal=\"traces\"";

    private final BenchOptions options;
    private final List<byte[]> requests;
    private final Report report = new Report();

    private EndToEnd(BenchOptions options) {
        this.options = options;
        this.requests = SpanRequests.generate(REQUEST_VARIANTS, options.spansPerRequest(), 42);
    }

    public static void main(String[] args) throws Exception {
        new EndToEnd(CommandFlags.readOrExit(args, BenchOptions.USAGE, BenchOptions::parse)).run();
        System.exit(0);
    }

    private void run() throws Exception {
        int zstdLevel = options.profile().performance().compressionLevel();
        describeSetup();
        List<RunResult> runs = new ArrayList<>();
        report.table(new RunTable(runs));
        try (Sink sink = Sink.start()) {
            for (String queue : options.queues()) {
                runs.add(throughRuntime(sink, queue));
            }
            for (int i = 1; i < options.queues().size(); i++) {
                report.note(String.format(Locale.ROOT, "%s queue / %s queue: %.2f (delivered spans/s)",
                        options.queues().get(i), options.queues().get(0),
                        runs.get(i).deliveredSpansPerSecond() / runs.get(0).deliveredSpansPerSecond()));
            }
            if (options.ceiling()) {
                RunResult plain = direct(sink, "direct to sink, uncompressed", 0);
                RunResult zstd = direct(sink, "direct to sink, zstd-" + zstdLevel, zstdLevel);
                runs.add(plain);
                runs.add(zstd);
                report.note(String.format(Locale.ROOT,
                        "runtime / direct zstd-%d ceiling: %.2f (delivered spans/s; direct runs are always closed loop)",
                        zstdLevel, runs.get(0).deliveredSpansPerSecond() / zstd.deliveredSpansPerSecond()));
            }
        }
        report.publish(options.markdown(), options.json());
    }

    private void describeSetup() throws IOException {
        long requestBytes = requests.stream().mapToLong(r -> r.length).sum();
        report.setup("profile", options.profile().key());
        report.setup("load", options.mode() + ", " + options.streams() + " calls in flight over "
                + options.connections() + " connections");
        report.setup("requests", String.format(Locale.ROOT, "%d spans, %.0f bytes/span uncompressed (%d variants)",
                options.spansPerRequest(), (double) requestBytes / (REQUEST_VARIANTS * options.spansPerRequest()),
                REQUEST_VARIANTS));
        report.setup("window", options.warmup().toMillis() / 1000.0 + " s warm-up, then " + options.duration().toMillis() / 1000.0 + " s measured");
        report.setup("runtime JVM flags", String.join(" ", options.runtimeJvmFlags()));
        report.setup("machine", Runtime.getRuntime().availableProcessors() + " CPUs, load average at start "
                + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + ", Java " + Runtime.version());
    }

    /** @param queue {@code memory}, or the sync mode of a persistent queue in the run's temporary directory */
    private RunResult throughRuntime(Sink sink, String queue) throws Exception {
        Path workDir = Files.createTempDirectory("otlp-bench-");
        progress("starting the runtime (" + options.profile().key() + ", " + queue + " queue) in " + workDir);
        LoadGenerator.Counts total;
        Window window;
        long delivered;
        Scrape end;
        Path log;
        try (RuntimeProcess runtime = RuntimeProcess.start(options.runtimeJar(), options.runtimeJvmFlags(),
                options.profile().key(), queue, sink.port(), workDir)) {
            ProcessProbe probe = new ProcessProbe(runtime.pid());
            Sink.Counts sinkBefore = sink.counts();
            try (LoadGenerator load = new LoadGenerator("127.0.0.1", runtime.grpcPort(),
                    settings(options.offeredSpansPerSecond(), 0), requests,
                    options.spansPerRequest())) {
                progress("through the runtime: " + options.mode());
                window = measure(load, sink, probe, runtime);
                load.stop(Duration.ofSeconds(30));
                total = load.counts();
                reportFailures("through the runtime", load);
            }
            delivered = awaitDrained(sink).minus(sinkBefore).spans();
            String metrics = runtime.scrapeMetrics();
            Files.writeString(workDir.resolve("metrics.txt"), metrics);
            end = Scrape.parse(metrics);
            log = runtime.log();
        }
        // The runtime has stopped: its log is complete.
        noteRuntime(total, delivered, end, window.metrics(), log);
        String name = options.queues().size() == 1 && queue.equals("memory") ? "through the runtime"
                : "through the runtime, " + queue + " queue";
        return window.result(name, window.metrics().quantileBound("otlp_request_duration_seconds", 0.99, TRACES));
    }

    private RunResult direct(Sink sink, String name, int zstdLevel) throws Exception {
        progress(name + ": closed loop");
        try (LoadGenerator load = new LoadGenerator("127.0.0.1", sink.port(), settings(0, zstdLevel), requests,
                options.spansPerRequest())) {
            Window window = measure(load, sink, null, null);
            load.stop(Duration.ofSeconds(30));
            reportFailures(name, load);
            return window.result(name, Double.NaN);
        }
    }

    private LoadGenerator.Settings settings(double offeredSpansPerSecond, int zstdLevel) {
        return new LoadGenerator.Settings(options.streams(), options.connections(), offeredSpansPerSecond, zstdLevel);
    }

    /** Warms up, then measures one window; samples the runtime's memory during it when there is one. */
    private Window measure(LoadGenerator load, Sink sink, ProcessProbe probe, RuntimeProcess runtime) throws Exception {
        load.start();
        Thread.sleep(options.warmup().toMillis());
        Scrape metricsBefore = runtime == null ? null : Scrape.parse(runtime.scrapeMetrics());
        double cpuBefore = probe == null ? Double.NaN : probe.cpuSeconds();
        Sink.Counts sinkBefore = sink.counts();
        LoadGenerator.Counts loadBefore = load.counts();
        load.recordLatencies(true);
        long start = System.nanoTime();
        long end = start + options.duration().toNanos();
        List<Long> rss = new ArrayList<>();
        while (System.nanoTime() < end) {
            if (probe != null) {
                rss.add(probe.residentBytes());
            }
            Thread.sleep(Math.max(1, Math.min(SAMPLE_EVERY.toMillis(), (end - System.nanoTime()) / 1_000_000)));
        }
        load.recordLatencies(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        Sink.Counts sinkDelta = sink.counts().minus(sinkBefore);
        LoadGenerator.Counts loadDelta = load.counts().minus(loadBefore);
        double cpu = probe == null ? Double.NaN : probe.cpuSeconds() - cpuBefore;
        Scrape metrics = runtime == null ? null : Scrape.parse(runtime.scrapeMetrics()).minus(metricsBefore);
        return new Window(seconds, sinkDelta, loadDelta, load.latencies(), cpu, rss, metrics);
    }

    private record Window(double seconds, Sink.Counts sink, LoadGenerator.Counts load, Latencies latencies,
                          double cpuSeconds, List<Long> rssSamples, Scrape metrics) {

        RunResult result(String name, double runtimeP99) {
            long[] rss = rssSamples.stream().mapToLong(Long::longValue).sorted().toArray();
            double mb = 1024 * 1024;
            return new RunResult(name, seconds,
                    sink.spans() / seconds,
                    load.ackedSpans() / seconds,
                    load.refusedCalls(),
                    load.failedCalls(),
                    latencies.quantile(0.50) / 1e6,
                    latencies.quantile(0.99) / 1e6,
                    runtimeP99,
                    rss.length == 0 ? Double.NaN : rss[rss.length - 1] / mb,
                    rss.length == 0 ? Double.NaN : rss[rss.length / 2] / mb,
                    cpuSeconds,
                    sink.spans() == 0 ? Double.NaN : (double) sink.wireBytes() / sink.spans());
        }
    }

    /** Waits until the sink has received nothing new for a while: the runtime has sent all it holds. */
    private static Sink.Counts awaitDrained(Sink sink) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        Sink.Counts last = sink.counts();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - quietSince < DRAIN_QUIET.toNanos()) {
            Thread.sleep(100);
            Sink.Counts now = sink.counts();
            if (now.spans() != last.spans()) {
                quietSince = System.nanoTime();
                last = now;
            }
        }
        return last;
    }

    private void noteRuntime(LoadGenerator.Counts total, long delivered, Scrape end, Scrape window, Path log)
            throws IOException {
        long acked = total.ackedSpans();
        String balance = delivered == acked ? "all delivered"
                : delivered < acked ? (acked - delivered) + " MISSING" : (delivered - acked) + " delivered twice (retries)";
        report.note(String.format(Locale.ROOT, "runtime, whole run: %d spans acknowledged to the client, %d received by the sink: %s",
                acked, delivered, balance));
        double batches = end.sum("otlp_batch_size_count", TRACES);
        report.note(String.format(Locale.ROOT,
                "runtime metrics, whole run: refused %.0f, dropped %.0f spans; %.0f export retries, %.0f failed attempts; "
                        + "%.0f batches of %.0f spans on average; compression ratio %.2f; export p99 in window ≤ %s",
                end.sum("otlp_refused_items_total", TRACES), end.sum("otlp_dropped_items_total", TRACES),
                end.sum("otlp_export_retries_total", TRACES), end.sum("otlp_export_failures_total", TRACES),
                batches, batches == 0 ? 0 : end.sum("otlp_batch_size_sum", TRACES) / batches,
                end.sum("otlp_compression_ratio"),
                seconds(window.quantileBound("otlp_export_duration_seconds", 0.99, TRACES))));
        List<String> warnings = Files.readAllLines(log).stream()
                .filter(line -> line.contains("WARN") || line.contains("ERROR")).toList();
        report.note("runtime log: " + log + (warnings.isEmpty() ? " (no warnings or errors)"
                : " (" + warnings.size() + " warnings/errors, first: " + warnings.get(0) + ")"));
    }

    private void reportFailures(String run, LoadGenerator load) {
        if (load.lastFailure() != null) {
            report.note(run + ": calls failed, last with " + load.lastFailure());
        }
    }

    private static String seconds(double seconds) {
        return Double.isNaN(seconds) ? "–" : Double.isInfinite(seconds) ? "∞"
                : String.format(Locale.ROOT, "%.1f ms", seconds * 1e3);
    }

    private static void progress(String message) {
        System.err.println("[bench] " + message);
    }

}
