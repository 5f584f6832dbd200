package dev.otlp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    private final List<byte[]> jsonRequests;
    private final Report report = new Report();
    private boolean lost;

    private EndToEnd(BenchOptions options) {
        this.options = options;
        this.requests = SpanRequests.generate(REQUEST_VARIANTS, options.spansPerRequest(), 42);
        this.jsonRequests = options.protocols().contains(Protocol.HTTP_JSON)
                ? requests.stream().map(TraceJson::otlpJson).toList() : List.of();
    }

    /** Exits 1 when any run lost acknowledged spans. */
    public static void main(String[] args) throws Exception {
        EndToEnd bench = new EndToEnd(CommandFlags.readOrExit(args, BenchOptions.USAGE, BenchOptions::parse));
        bench.run();
        if (bench.lost) {
            System.err.println("[bench] FAILED: at least one run lost acknowledged spans (see the lost column)");
        }
        System.exit(bench.lost ? 1 : 0);
    }

    private void run() throws Exception {
        int zstdLevel = options.profile().performance().compressionLevel();
        describeSetup();
        List<RunResult> runs = new ArrayList<>();
        report.table(new RunTable(runs));
        if (options.repeat() > 1 || options.baselineRuntimeJar() != null) {
            report.table(new ComparisonTable(runs));
        }
        try (Sink sink = Sink.start()) {
            // Interleaved: current, baseline, current, baseline... so that the machine's noise hits both jars.
            for (String queue : options.queues()) {
                for (Protocol protocol : options.protocols()) {
                    for (int repetition = 1; repetition <= options.repeat(); repetition++) {
                        for (Map.Entry<String, Path> jar : options.runtimeJars().entrySet()) {
                            runs.add(throughRuntime(sink, jar.getKey(), jar.getValue(), queue, protocol, repetition));
                        }
                    }
                }
            }
            noteRatios(runs);
            if (options.ceiling()) {
                RunResult plain = direct(sink, "direct to sink, uncompressed", 0);
                RunResult zstd = direct(sink, "direct to sink, zstd-" + zstdLevel, zstdLevel);
                runs.add(plain);
                runs.add(zstd);
                for (String jar : options.runtimeJars().keySet()) {
                    RunMedians through = ComparisonTable.medians(runs, jar, options.queues().get(0), options.protocols().get(0));
                    report.note(String.format(Locale.ROOT, "runtime (%s, %s queue, %s%s) / direct zstd-%d ceiling: %.2f"
                                    + " (delivered spans/s; direct runs are always closed loop)", jar, options.queues().get(0),
                            options.protocols().get(0).key(), options.repeat() > 1 ? ", median" : "", zstdLevel,
                            through.deliveredSpansPerSecond() / zstd.deliveredSpansPerSecond()));
                }
            }
        }
        report.publish(options.markdown(), options.json());
    }

    /** Each queue's delivered spans/s against the first queue's, and each protocol's against the first protocol's. */
    private void noteRatios(List<RunResult> runs) {
        for (String jar : options.runtimeJars().keySet()) {
            Protocol firstProtocol = options.protocols().get(0);
            String firstQueue = options.queues().get(0);
            for (String queue : options.queues().subList(1, options.queues().size())) {
                report.note(String.format(Locale.ROOT, "%s: %s queue / %s queue: %.2f (delivered spans/s, %s)", jar, queue,
                        firstQueue, ratio(runs, jar, queue, firstProtocol, firstQueue, firstProtocol), firstProtocol.key()));
            }
            for (Protocol protocol : options.protocols().subList(1, options.protocols().size())) {
                report.note(String.format(Locale.ROOT, "%s: %s / %s: %.2f (delivered spans/s, %s queue)", jar,
                        protocol.key(), firstProtocol.key(), ratio(runs, jar, firstQueue, protocol, firstQueue, firstProtocol),
                        firstQueue));
            }
        }
    }

    private static double ratio(List<RunResult> runs, String jar, String queue, Protocol protocol, String baseQueue,
                                Protocol baseProtocol) {
        return Medians.ratio(ComparisonTable.medians(runs, jar, queue, protocol).deliveredSpansPerSecond(),
                ComparisonTable.medians(runs, jar, baseQueue, baseProtocol).deliveredSpansPerSecond());
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
        if (options.runtimeCpus() != null) {
            report.setup("runtime CPUs", options.runtimeCpus() + " (taskset -c)");
        }
        options.runtimeJars().forEach((label, jar) -> report.setup(label + " runtime jar", jar));
        report.setup("runs", options.repeat() + " per jar, queue and protocol, jars interleaved; protocols "
                + options.protocols().stream().map(Protocol::key).toList());
        report.setup("machine", Runtime.getRuntime().availableProcessors() + " CPUs, load average at start "
                + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + ", Java " + Runtime.version());
    }

    /** @param queue {@code memory}, or the sync mode of a persistent queue in the run's temporary directory */
    private RunResult throughRuntime(Sink sink, String jarLabel, Path jar, String queue, Protocol protocol, int repetition)
            throws Exception {
        String name = "runtime " + jarLabel + " #" + repetition + ", " + queue + " queue, " + protocol.key();
        Path workDir = Files.createTempDirectory("otlp-bench-");
        progress(name + ": starting " + jar + " (" + options.profile().key() + ") in " + workDir);
        LoadGenerator.Counts total;
        Window window;
        long delivered;
        Scrape end;
        Path log;
        try (RuntimeProcess runtime = RuntimeProcess.start(jar, options.runtimeJvmFlags(),
                options.runtimeCpus(), options.profile().key(), queue, sink.port(), workDir)) {
            ProcessProbe probe = new ProcessProbe(runtime.pid());
            Sink.Counts sinkBefore = sink.counts();
            try (LoadGenerator load = new LoadGenerator(transport(runtime, protocol), settings(options.offeredSpansPerSecond()),
                    REQUEST_VARIANTS, options.spansPerRequest())) {
                progress(name + ": " + options.mode());
                window = measure(load, sink, probe, runtime);
                load.stop(Duration.ofSeconds(30));
                total = load.counts();
                reportFailures(name, load);
            }
            delivered = awaitDrained(sink).minus(sinkBefore).spans();
            String metrics = runtime.scrapeMetrics();
            Files.writeString(workDir.resolve("metrics.txt"), metrics);
            end = Scrape.parse(metrics);
            log = runtime.log();
        }
        // The runtime has stopped: its log is complete.
        long missing = Math.max(0, total.ackedSpans() - delivered);
        lost |= missing > 0;
        noteRuntime(name, total, delivered, end, window.metrics(), log);
        return window.result(name, jarLabel, queue, protocol, missing,
                window.metrics().quantileBound("otlp_request_duration_seconds", 0.99, TRACES));
    }

    private LoadGenerator.Transport transport(RuntimeProcess runtime, Protocol protocol) {
        return switch (protocol) {
            case GRPC -> new GrpcTransport("127.0.0.1", runtime.grpcPort(), options.connections(), 0, requests);
            case HTTP_PROTOBUF -> new HttpTransport("127.0.0.1", runtime.httpPort(), protocol.contentType(), requests);
            case HTTP_JSON -> new HttpTransport("127.0.0.1", runtime.httpPort(), protocol.contentType(), jsonRequests);
        };
    }

    private RunResult direct(Sink sink, String name, int zstdLevel) throws Exception {
        progress(name + ": closed loop");
        try (LoadGenerator load = new LoadGenerator(
                new GrpcTransport("127.0.0.1", sink.port(), options.connections(), zstdLevel, requests), settings(0),
                REQUEST_VARIANTS, options.spansPerRequest())) {
            Window window = measure(load, sink, null, null);
            load.stop(Duration.ofSeconds(30));
            reportFailures(name, load);
            return window.result(name, null, null, null, -1, Double.NaN);
        }
    }

    private LoadGenerator.Settings settings(double offeredSpansPerSecond) {
        return new LoadGenerator.Settings(options.streams(), offeredSpansPerSecond);
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

        RunResult result(String name, String jar, String queue, Protocol protocol, long lostSpans, double runtimeP99) {
            long[] rss = rssSamples.stream().mapToLong(Long::longValue).sorted().toArray();
            double mb = 1024 * 1024;
            return new RunResult(name, jar, queue, protocol, lostSpans, seconds,
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

    private void noteRuntime(String run, LoadGenerator.Counts total, long delivered, Scrape end, Scrape window, Path log)
            throws IOException {
        long acked = total.ackedSpans();
        String balance = delivered == acked ? "all delivered"
                : delivered < acked ? (acked - delivered) + " MISSING" : (delivered - acked) + " delivered twice (retries)";
        report.note(String.format(Locale.ROOT, "%s, whole run: %d spans acknowledged to the client, %d received by the sink: %s",
                run, acked, delivered, balance));
        double batches = end.sum("otlp_batch_size_count", TRACES);
        report.note(String.format(Locale.ROOT,
                "%s, runtime metrics, whole run: refused %.0f, dropped %.0f spans; %.0f export retries, %.0f failed attempts; "
                        + "%.0f batches of %.0f spans on average; compression ratio %.2f; export p99 in window ≤ %s",
                run, end.sum("otlp_refused_items_total", TRACES), end.sum("otlp_dropped_items_total", TRACES),
                end.sum("otlp_export_retries_total", TRACES), end.sum("otlp_export_failures_total", TRACES),
                batches, batches == 0 ? 0 : end.sum("otlp_batch_size_sum", TRACES) / batches,
                end.sum("otlp_compression_ratio"),
                seconds(window.quantileBound("otlp_export_duration_seconds", 0.99, TRACES))));
        List<String> warnings = Files.readAllLines(log).stream()
                .filter(line -> line.contains("WARN") || line.contains("ERROR")).toList();
        report.note(run + ", runtime log: " + log + (warnings.isEmpty() ? " (no warnings or errors)"
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
