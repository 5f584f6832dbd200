package dev.otlp.bench.operator;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.demo.DemoKubelet;
import dev.otlp.bench.operator.RequestCounter.Key;
import dev.otlp.bench.operator.RequestCounter.Verb;
import dev.otlp.cluster.EmbeddedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operator at scale: an embedded API server in this JVM with the OtlpExporter CRD (and the
 * monitoring CRDs), the operator forked as its own JVM against it, a simulated kubelet marking
 * Deployments ready, and N OtlpExporters applied as fast as a few clients can. Reports how long
 * until every one converged, the operator's API requests per resource while converging, its
 * writes during two resync intervals once settled, and its RSS. See {@code benchmarks/README.md}.
 */
public final class FleetScale {

    /** Status writers of the simulated kubelet: enough to keep up with a thousand Deployments. */
    private static final int KUBELET_WRITERS = 4;

    /** The operator's logging configuration, for both JVMs: the runtime's logback.xml is the one at the jar's root. */
    static final String LOGBACK_CONFIG = "dev/otlp/bench/operator/logback.xml";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofSeconds(5);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(250);
    private static final double CONVERGE_GOAL_SECONDS_PER_THOUSAND = 60;
    private static final double RSS_GOAL_MB = 300;

    private final FleetScaleOptions options;
    private final ScaleReport report = new ScaleReport();
    private final RequestCounter requests = new RequestCounter();

    private FleetScale(FleetScaleOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        FleetScaleOptions options;
        try {
            options = FleetScaleOptions.parse(args);
        } catch (IllegalArgumentException e) {
            boolean help = e.getMessage().isEmpty();
            (help ? System.out : System.err).print((help ? "" : e.getMessage() + "\n") + FleetScaleOptions.USAGE);
            System.exit(help ? 0 : 64);
            return;
        }
        System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        System.setProperty("LOG_LEVEL", "warn");
        System.setProperty("LOG_FORMAT", "text");
        new FleetScale(options).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path workDir = Files.createTempDirectory("otlp-fleetscale-");
        int n = options.resources();
        report.setup("resources", n + " OtlpExporters in " + options.namespaces()
                + " namespaces, five shapes in turn (balanced + PDB, high-throughput + HPA, low-latency, "
                + "upstream TLS + API key with generated receiver certificate and key, ServiceMonitor + PrometheusRule)");
        report.setup("operator", "forked JVM " + String.join(" ", options.operatorJvmFlags()) + ", resync "
                + options.resync().toMillis() / 1000.0 + " s, JOSDK defaults (50 reconciliation threads)");
        report.setup("API server", "fabric8 mock (EmbeddedApiServer) in the launcher's JVM, which also runs the "
                + "simulated kubelet (" + "4 writers), the applier (" + options.applyThreads() + " threads) and the onlooker's informers");
        report.setup("machine", Runtime.getRuntime().availableProcessors() + " CPUs, load average at start "
                + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + ", Java " + Runtime.version());

        try (EmbeddedApiServer server = EmbeddedApiServer.start(0)) {
            server.addRequestListener(requests);
            server.installCrdFromClasspath(OtlpExporter.GENERATED_CRD);
            server.installMonitoringCrds();
            FleetManifests.prepareNamespaces(server.client(), options.namespaces());
            Path kubeconfig = server.writeKubeconfig(workDir.resolve("kubeconfig"));
            ProcFs launcher = new ProcFs(ProcessHandle.current().pid());
            progress("API server at " + server.url() + "; work directory " + workDir);

            try (KubernetesClient onlookerClient = server.newClient("fleetscale-onlooker");
                 KubernetesClient kubeletClient = server.newClient("fleetscale-kubelet");
                 ConvergenceWatch watch = new ConvergenceWatch(onlookerClient);
                 DemoKubelet kubelet = DemoKubelet.start(kubeletClient, KUBELET_WRITERS)) {
                Map<Key, Long> beforeStart = requests.snapshot();
                long startNanos = System.nanoTime();
                ForkedOperator operator = ForkedOperator.start(options.operatorJvmFlags(), kubeconfig, options.resync(), workDir);
                try (RssSampler rss = new RssSampler(new ProcFs(operator.pid()))) {
                    double startSeconds = seconds(System.nanoTime() - startNanos);
                    Map<Key, Long> started = requests.snapshot();
                    progress(String.format(Locale.ROOT, "operator started (pid %d) in %.1f s, RSS %.0f MB", operator.pid(),
                            startSeconds, rss.current()));
                    report.phase(phase("start (until informers synced)", startSeconds, beforeStart, started, 0));
                    measure(server, operator, rss, watch, launcher, started, workDir);
                } finally {
                    operator.close();
                }
            }
        }
        report.note("operator log: " + workDir.resolve("operator.log"));
        System.out.println();
        System.out.print(report.markdown());
        if (options.markdown() != null) {
            Files.writeString(options.markdown(), report.markdown());
        }
        if (options.json() != null) {
            Files.writeString(options.json(), report.json());
        }
    }

    private void measure(EmbeddedApiServer server, ForkedOperator operator, RssSampler rss, ConvergenceWatch watch,
                         ProcFs launcher, Map<Key, Long> beforeApply, Path workDir) throws Exception {
        int n = options.resources();
        ProcFs operatorProc = new ProcFs(operator.pid());
        double operatorCpuBefore = operatorProc.cpuSeconds();
        double launcherCpuBefore = launcher.cpuSeconds();
        long applyStart = System.nanoTime();
        AtomicLong createNanos = new AtomicLong();
        try (KubernetesClient applier = server.newClient("fleetscale-applier")) {
            apply(applier, n, createNanos);
        }
        double applySeconds = seconds(System.nanoTime() - applyStart);
        progress(String.format(Locale.ROOT, "applied %d OtlpExporters in %.1f s (%.0f/s, %.1f ms per create with %d threads)",
                n, applySeconds, n / applySeconds, createNanos.get() / 1e6 / n, options.applyThreads()));

        long deadline = applyStart + options.timeout().toNanos();
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        long lastProgress = applyStart;
        double lastOperatorCpu = operatorCpuBefore;
        double lastLauncherCpu = launcherCpuBefore;
        while (watch.convergedCount() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
            if (System.nanoTime() >= nextProgress) {
                OperatorStats stats = operator.stats();
                double operatorCpu = operatorProc.cpuSeconds();
                double launcherCpu = launcher.cpuSeconds();
                long now = System.nanoTime();
                double window = seconds(now - lastProgress);
                lastProgress = now;
                progress(String.format(Locale.ROOT, "%5.1f s: %s; operator queue %d, reconciling %d, CPU %.2f cores, RSS %.0f MB; "
                                + "API server JVM CPU %.2f cores", seconds(System.nanoTime() - applyStart), watch.progress(),
                        stats.queued(), stats.executing(), (operatorCpu - lastOperatorCpu) / window, rss.current(),
                        (launcherCpu - lastLauncherCpu) / window));
                lastOperatorCpu = operatorCpu;
                lastLauncherCpu = launcherCpu;
                nextProgress += PROGRESS_EVERY.toNanos();
            }
        }
        long convergedNanos = System.nanoTime();
        Map<Key, Long> afterConvergence = requests.snapshot();
        double convergeSeconds = seconds(convergedNanos - applyStart);
        double operatorCpu = operatorProc.cpuSeconds() - operatorCpuBefore;
        double launcherCpu = launcher.cpuSeconds() - launcherCpuBefore;
        int converged = watch.convergedCount();
        OperatorStats afterConverging = operator.stats();
        if (converged < n) {
            progress("timed out: " + watch.progress());
            report.note("NOT CONVERGED within " + options.timeout().toSeconds() + " s: " + watch.progress());
            threadDump(operator, workDir);
        } else {
            progress(String.format(Locale.ROOT, "all %d converged %.1f s after the first apply", n, convergeSeconds));
        }
        double goal = CONVERGE_GOAL_SECONDS_PER_THOUSAND * Math.max(1, n / 1000.0);
        report.figure("applied (" + options.applyThreads() + " client threads)", applySeconds, "s");
        report.figure("all converged, from the first apply", converged < n ? Double.NaN : convergeSeconds, "s",
                String.format(Locale.ROOT, "< %.0f s", goal), converged == n && convergeSeconds < goal);
        report.figure("converged", converged, "of " + n);
        List<Double> latencies = latencies(watch.convergedAt(), applyStart);
        report.figure("time to converge per resource, p50", percentile(latencies, 0.50), "s from first apply");
        report.figure("time to converge per resource, p99", percentile(latencies, 0.99), "s from first apply");
        report.figure("operator reconciliations while converging", afterConverging.reconciliationsStarted(), "started");
        report.figure("operator CPU while converging", operatorCpu, "s (" + String.format(Locale.ROOT, "%.2f cores)",
                operatorCpu / convergeSeconds));
        report.figure("API server JVM CPU while converging", launcherCpu, "s (" + String.format(Locale.ROOT,
                "%.2f cores; mock server, kubelet, applier, onlooker)", launcherCpu / convergeSeconds));
        report.phase(phase("converging (first apply to all converged)", convergeSeconds, beforeApply, afterConvergence, n));
        Map<Key, Long> all = RequestCounter.minus(afterConvergence, beforeApply);
        long allRequests = all.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> byClient = new TreeMap<>();
        all.forEach((key, count) -> byClient.merge(key.userAgent(), count, Long::sum));
        report.note("API requests while converging by client (User-Agent): " + byClient);
        report.figure("API server requests while converging, all clients", allRequests / convergeSeconds, "requests/s");

        long settledNanos = awaitQuietOperator();
        Map<Key, Long> settled = requests.snapshot();
        report.phase(phase("settling (until 5 s without an operator write)", seconds(settledNanos - convergedNanos),
                afterConvergence, settled, n));

        OperatorStats beforeResync = operator.stats();
        Duration window = options.resync().multipliedBy(2).plusSeconds(5);
        progress("settled; watching " + window.toSeconds() + " s (two resync intervals and 5 s) for writes");
        long resyncStart = System.nanoTime();
        Thread.sleep(window.toMillis());
        Map<Key, Long> afterResync = requests.snapshot();
        OperatorStats resynced = operator.stats();
        ScaleReport.Phase resyncPhase = phase("settled, two resync intervals", seconds(System.nanoTime() - resyncStart),
                settled, afterResync, n);
        report.phase(resyncPhase);
        long resyncReconciliations = resynced.reconciliationsStarted() - beforeResync.reconciliationsStarted();
        double resyncs = (double) resyncReconciliations / n;
        report.figure("reconciliations in the settled window", resyncReconciliations,
                String.format(Locale.ROOT, "(%.1f full resyncs)", resyncs));
        report.figure("operator writes per full resync, settled", resyncs == 0 ? Double.NaN : resyncPhase.writes() / resyncs,
                "requests", "0 (with ≥ 1 full resync)", resyncs >= 1 && resyncPhase.writes() == 0);
        report.figure("operator RSS, max", rss.max(), "MB", "< " + (int) RSS_GOAL_MB + " MB", rss.max() < RSS_GOAL_MB);
        report.figure("operator RSS, at the end", rss.current(), "MB");
        report.figure("operator heap used, at the end", resynced.heapUsedMegabytes(), "MB");
        if (options.operatorJvmFlags().stream().anyMatch(flag -> flag.startsWith("-XX:NativeMemoryTracking"))) {
            Path nmt = workDir.resolve("operator-native-memory.txt");
            Files.writeString(nmt, operator.jcmd("VM.native_memory", "summary"));
            report.note("operator native memory (NMT) at the end: " + nmt);
        }
        report.figure("operator heap live after a full GC, at the end", operator.statsAfterGc().heapUsedMegabytes(), "MB");
        report.figure("reconciliations failed, whole run", resynced.reconciliationsFailed(), "");
    }

    private void apply(KubernetesClient client, int n, AtomicLong createNanos) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(options.applyThreads());
        try {
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                OtlpExporter exporter = FleetManifests.exporter(i, options.namespaces());
                creates.add(threads.submit(() -> {
                    long start = System.nanoTime();
                    client.resource(exporter).create();
                    createNanos.addAndGet(System.nanoTime() - start);
                }));
            }
            for (Future<?> create : creates) {
                create.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Waits until the operator has written nothing for {@link #QUIET}; returns when its last write was seen. */
    private long awaitQuietOperator() throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        long lastWrites = operatorWrites(requests.snapshot());
        long lastChange = System.nanoTime();
        while (System.nanoTime() - lastChange < QUIET.toNanos() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            long writes = operatorWrites(requests.snapshot());
            if (writes != lastWrites) {
                lastWrites = writes;
                lastChange = System.nanoTime();
            }
        }
        return lastChange;
    }

    private static long operatorWrites(Map<Key, Long> counts) {
        return counts.entrySet().stream()
                .filter(e -> OperatorChildMain.USER_AGENT.equals(e.getKey().userAgent()) && e.getKey().verb() == Verb.WRITE)
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static ScaleReport.Phase phase(String name, double seconds, Map<Key, Long> before, Map<Key, Long> after,
                                           int resources) {
        long reads = 0;
        long watches = 0;
        long writes = 0;
        Map<String, Long> writesByRequest = new TreeMap<>();
        for (Map.Entry<Key, Long> entry : RequestCounter.minus(after, before).entrySet()) {
            Key key = entry.getKey();
            if (!OperatorChildMain.USER_AGENT.equals(key.userAgent())) {
                continue;
            }
            switch (key.verb()) {
                case READ -> reads += entry.getValue();
                case WATCH -> watches += entry.getValue();
                case WRITE -> {
                    writes += entry.getValue();
                    writesByRequest.merge(key.method() + " " + key.resource(), entry.getValue(), Long::sum);
                }
            }
        }
        return new ScaleReport.Phase(name, seconds, reads, watches, writes, resources, writesByRequest);
    }

    private static List<Double> latencies(Map<String, Long> convergedAt, long applyStart) {
        return convergedAt.values().stream().map(at -> seconds(at - applyStart)).sorted().toList();
    }

    private static double percentile(List<Double> sorted, double quantile) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }

    private void threadDump(ForkedOperator operator, Path workDir) throws InterruptedException {
        Path dump = workDir.resolve("operator-threads.txt");
        try {
            Files.writeString(dump, operator.jcmd("Thread.print"));
            report.note("operator thread dump: " + dump);
        } catch (IOException e) {
            report.note("no thread dump: " + e.getMessage());
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void progress(String message) {
        System.err.println("[fleetscale] " + message);
    }

    /** Samples the operator's RSS in the background, for its maximum. */
    private static final class RssSampler implements AutoCloseable {

        private final ProcFs process;
        private final AtomicReference<Double> max = new AtomicReference<>(0.0);
        private final Thread thread;

        RssSampler(ProcFs process) {
            this.process = process;
            this.thread = new Thread(this::sample, "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private void sample() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    current();
                    Thread.sleep(SAMPLE_EVERY.toMillis());
                }
            } catch (InterruptedException | UncheckedIOException e) {
                // stopped, or the process ended
            }
        }

        double current() {
            double rss = process.residentMegabytes();
            max.accumulateAndGet(rss, Math::max);
            return rss;
        }

        double max() {
            return max.get();
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }
}
