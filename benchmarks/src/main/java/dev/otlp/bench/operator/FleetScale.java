package dev.otlp.bench.operator;

import dev.otlp.bench.CommandFlags;
import dev.otlp.bench.Report;
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

    /** The operator's logging configuration, for both JVMs, named because this shaded jar holds the runtime's classes too. */
    static final String LOGBACK_CONFIG = "dev/otlp/bench/operator/logback.xml";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofSeconds(5);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(250);
    private static final double CONVERGE_GOAL_SECONDS_PER_THOUSAND = 60;
    private static final double RSS_GOAL_MB = 200;
    private static final double FAIRNESS_GOAL_SECONDS = 30;

    private final FleetScaleOptions options;
    private final Report report = new Report();
    private final FigureTable figures = new FigureTable();
    private final PhaseTable phases = new PhaseTable();
    private final RequestCounter requests = new RequestCounter();

    private FleetScale(FleetScaleOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        FleetScaleOptions options = CommandFlags.readOrExit(args, FleetScaleOptions.USAGE, FleetScaleOptions::parse);
        System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        System.setProperty("LOG_LEVEL", "warn");
        System.setProperty("LOG_FORMAT", "text");
        new FleetScale(options).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path workDir = Files.createTempDirectory("otlp-fleetscale-");
        describeSetup();
        report.table(figures);
        report.table(phases);
        try (EmbeddedApiServer server = startApiServer()) {
            Path kubeconfig = server.writeKubeconfig(workDir.resolve("kubeconfig"));
            progress("API server at " + server.url() + "; work directory " + workDir);
            try (KubernetesClient onlookerClient = server.newClient("fleetscale-onlooker");
                 ConvergenceWatch watch = new ConvergenceWatch(onlookerClient)) {
                withKubelet(server, () -> startOperatorAndMeasure(server, watch, kubeconfig, workDir));
            }
        }
        report.note("operator log: " + workDir.resolve("operator.log"));
        report.publish(options.markdown(), options.json());
    }

    private void describeSetup() throws IOException {
        report.setup("resources", options.resources() + " OtlpExporters in " + options.namespaces()
                + " namespaces, five shapes in turn (balanced + PDB, high-throughput + HPA, low-latency, "
                + "upstream TLS + API key with generated receiver certificate and key, ServiceMonitor + PrometheusRule)");
        report.setup("operator", "forked JVM " + String.join(" ", options.operatorJvmFlags()) + ", resync "
                + options.resync().toMillis() / 1000.0 + " s, JOSDK defaults (50 reconciliation threads)");
        report.setup("API server", "fabric8 mock (EmbeddedApiServer) in the launcher's JVM, which also runs the "
                + "simulated kubelet (" + KUBELET_WRITERS + " writers), the applier (" + options.applyThreads()
                + " threads) and the onlooker's informers");
        report.setup("machine", Runtime.getRuntime().availableProcessors() + " CPUs, load average at start "
                + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + ", Java " + Runtime.version());
    }

    private EmbeddedApiServer startApiServer() throws IOException {
        EmbeddedApiServer server = EmbeddedApiServer.start(0);
        server.addRequestListener(requests);
        server.installCrdFromClasspath(OtlpExporter.GENERATED_CRD);
        server.installMonitoringCrds();
        FleetManifests.prepareNamespaces(server.client(), options.namespaces());
        return server;
    }

    /** Runs {@code step} while the simulated kubelet marks workloads ready. */
    @SuppressWarnings({"try", "PMD.UnusedLocalVariable"}) // the kubelet works on its own threads while it is open
    private static void withKubelet(EmbeddedApiServer server, Step step) throws Exception {
        try (KubernetesClient kubeletClient = server.newClient("fleetscale-kubelet");
             DemoKubelet kubelet = DemoKubelet.start(kubeletClient, KUBELET_WRITERS)) {
            step.run();
        }
    }

    private void startOperatorAndMeasure(EmbeddedApiServer server, ConvergenceWatch watch, Path kubeconfig,
                                         Path workDir) throws Exception {
        Map<Key, Long> beforeStart = requests.snapshot();
        long startNanos = System.nanoTime();
        try (ForkedOperator operator = ForkedOperator.start(options.operatorJvmFlags(), kubeconfig, options.resync(),
                workDir);
             RssSampler rss = new RssSampler(new ProcFs(operator.pid()))) {
            double startSeconds = seconds(System.nanoTime() - startNanos);
            Map<Key, Long> started = requests.snapshot();
            progress(String.format(Locale.ROOT, "operator started (pid %d) in %.1f s, RSS %.0f MB", operator.pid(),
                    startSeconds, rss.current()));
            phases.add(phase("start (until informers synced)", startSeconds, beforeStart, started, 0));
            Measurement run = new Measurement(operator, rss, watch, workDir);
            run.converge(server, started);
            run.injectPods(server);
            run.settle();
            run.watchSettledResyncs();
            run.reportMemory();
        }
    }

    /** A step that may throw. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** The measured part of one run, in the order it happens: converge, settle, two resyncs, memory. */
    private final class Measurement {

        private final ForkedOperator operator;
        private final RssSampler rss;
        private final ConvergenceWatch watch;
        private final Path workDir;
        private final ProcFs operatorProcess;
        private final ProcFs launcher = new ProcFs(ProcessHandle.current().pid());
        private final int n = options.resources();
        private long applyStart;
        private long convergedNanos;
        private Map<Key, Long> afterConvergence;
        private Map<Key, Long> settled;
        private OperatorStats resynced;

        Measurement(ForkedOperator operator, RssSampler rss, ConvergenceWatch watch, Path workDir) {
            this.operator = operator;
            this.rss = rss;
            this.watch = watch;
            this.workDir = workDir;
            this.operatorProcess = new ProcFs(operator.pid());
        }

        /** Applies every exporter and waits until all converged (or the timeout), then reports it. */
        void converge(EmbeddedApiServer server, Map<Key, Long> beforeApply) throws Exception {
            double operatorCpuBefore = operatorProcess.cpuSeconds();
            double launcherCpuBefore = launcher.cpuSeconds();
            applyStart = System.nanoTime();
            double applySeconds = applyAll(server);
            FairnessProbe probe;
            try (KubernetesClient user = server.newClient("fleetscale-user")) {
                probe = FairnessProbe.start(user, watch, n, options.namespaces());
            }
            awaitConvergence(operatorCpuBefore, launcherCpuBefore);
            convergedNanos = System.nanoTime();
            afterConvergence = requests.snapshot();
            double convergeSeconds = seconds(convergedNanos - applyStart);
            double operatorCpu = operatorProcess.cpuSeconds() - operatorCpuBefore;
            double launcherCpu = launcher.cpuSeconds() - launcherCpuBefore;
            reportConvergence(applySeconds, convergeSeconds);
            reportFairness(probe);
            reportCpu(operatorCpu, launcherCpu, convergeSeconds);
            phases.add(phase("converging (first apply to all converged)", convergeSeconds, beforeApply, afterConvergence, n));
            reportRequestsByClient(beforeApply, convergeSeconds);
        }

        /** How fast the exporters were applied and converged; the operator's threads when some did not. */
        private void reportConvergence(double applySeconds, double convergeSeconds) throws InterruptedException {
            int converged = watch.convergedCount();
            OperatorStats afterConverging = operator.stats();
            if (converged < n) {
                progress("timed out: " + watch.progress());
                report.note("NOT CONVERGED within " + options.timeout().toSeconds() + " s: " + watch.progress());
                threadDump();
            } else {
                progress(String.format(Locale.ROOT, "all %d converged %.1f s after the first apply", n, convergeSeconds));
            }
            double goal = CONVERGE_GOAL_SECONDS_PER_THOUSAND * Math.max(1, n / 1000.0);
            figures.add("applied (" + options.applyThreads() + " client threads)", applySeconds, "s");
            figures.add("all converged, from the first apply", converged < n ? Double.NaN : convergeSeconds, "s",
                    String.format(Locale.ROOT, "< %.0f s", goal), converged == n && convergeSeconds < goal);
            figures.add("converged", converged, "of " + n);
            List<Double> latencies = latencies(watch.convergedAt(), applyStart);
            figures.add("time to converge per resource, p50", percentile(latencies, 0.50), "s from first apply");
            figures.add("time to converge per resource, p99", percentile(latencies, 0.99), "s from first apply");
            figures.add("operator reconciliations while converging", afterConverging.reconciliationsStarted(), "started");
            figures.add("reconcile rate while converging", afterConverging.reconciliationsStarted() / convergeSeconds,
                    "reconciliations/s");
            figures.add("reconcile time p99, last minute of converging", afterConverging.reconcileP99Seconds() * 1000, "ms");
        }

        /** How long the exporter applied and the one edited after the last apply waited for their reconciliation. */
        private void reportFairness(FairnessProbe probe) throws InterruptedException {
            long deadline = applyStart + options.timeout().toNanos();
            while ((Double.isNaN(probe.secondsToAdded()) || Double.isNaN(probe.secondsToEdited()))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            String goal = "< " + (int) FAIRNESS_GOAL_SECONDS + " s";
            figures.add("exporter applied after the fleet (" + probe.addedName() + "), reconciled after",
                    probe.secondsToAdded(), "s", goal, probe.secondsToAdded() < FAIRNESS_GOAL_SECONDS);
            figures.add("exporter edited after the fleet was applied (" + probe.editedName() + "), reconciled after",
                    probe.secondsToEdited(), "s", goal, probe.secondsToEdited() < FAIRNESS_GOAL_SECONDS);
        }

        /** Creates the injected pods, if asked for, and waits until the agents' statuses count them all. */
        void injectPods(EmbeddedApiServer server) throws Exception {
            int pods = options.injectedPods();
            if (pods == 0) {
                return;
            }
            long start = System.nanoTime();
            try (KubernetesClient kubelet = server.newClient("fleetscale-pods")) {
                InjectedPodsLoad.createPods(kubelet, pods, options.namespaces(), options.applyThreads());
                double created = seconds(System.nanoTime() - start);
                progress(String.format(Locale.ROOT, "created %d injected pods in %.1f s", pods, created));
                long deadline = start + options.timeout().toNanos();
                int counted = InjectedPodsLoad.counted(kubelet, options.namespaces());
                while (counted != pods && System.nanoTime() < deadline) {
                    Thread.sleep(1000);
                    counted = InjectedPodsLoad.counted(kubelet, options.namespaces());
                }
                figures.add("injected pods counted in the agents' statuses", counted, "of " + pods, "all",
                        counted == pods);
                figures.add("injected pods, from the first create until all counted",
                        counted == pods ? seconds(System.nanoTime() - start) : Double.NaN, "s");
            }
        }

        private void reportCpu(double operatorCpu, double launcherCpu, double convergeSeconds) {
            figures.add("operator CPU while converging", operatorCpu, "s (" + String.format(Locale.ROOT, "%.2f cores)",
                    operatorCpu / convergeSeconds));
            figures.add("API server JVM CPU while converging", launcherCpu, "s (" + String.format(Locale.ROOT,
                    "%.2f cores; mock server, kubelet, applier, onlooker)", launcherCpu / convergeSeconds));
        }

        /** @return the seconds it took to create every exporter */
        private double applyAll(EmbeddedApiServer server) throws Exception {
            AtomicLong createNanos = new AtomicLong();
            try (KubernetesClient applier = server.newClient("fleetscale-applier")) {
                if (options.injectedPods() > 0) {
                    for (int i = 0; i < options.namespaces(); i++) {
                        applier.resource(InjectedPodsLoad.agent(FleetManifests.namespace(i))).create();
                    }
                }
                apply(applier, n, createNanos);
            }
            double applySeconds = seconds(System.nanoTime() - applyStart);
            progress(String.format(Locale.ROOT, "applied %d OtlpExporters in %.1f s (%.0f/s, %.1f ms per create with %d threads)",
                    n, applySeconds, n / applySeconds, createNanos.get() / 1e6 / n, options.applyThreads()));
            return applySeconds;
        }

        /** Waits until every exporter converged or the timeout passed, printing progress every few seconds. */
        private void awaitConvergence(double operatorCpuBefore, double launcherCpuBefore) throws InterruptedException {
            long deadline = applyStart + options.timeout().toNanos();
            long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
            long lastProgress = applyStart;
            double lastOperatorCpu = operatorCpuBefore;
            double lastLauncherCpu = launcherCpuBefore;
            while (watch.convergedCount() < n && System.nanoTime() < deadline) {
                Thread.sleep(50);
                if (System.nanoTime() >= nextProgress) {
                    OperatorStats stats = operator.stats();
                    double operatorCpu = operatorProcess.cpuSeconds();
                    double launcherCpu = launcher.cpuSeconds();
                    long now = System.nanoTime();
                    double window = seconds(now - lastProgress);
                    lastProgress = now;
                    progress(String.format(Locale.ROOT, "%5.1f s: %s; operator queue %d, reconciling %d, CPU %.2f cores, "
                                    + "RSS %.0f MB; API server JVM CPU %.2f cores", seconds(now - applyStart),
                            watch.progress(), stats.queued(), stats.executing(), (operatorCpu - lastOperatorCpu) / window,
                            rss.current(), (launcherCpu - lastLauncherCpu) / window));
                    lastOperatorCpu = operatorCpu;
                    lastLauncherCpu = launcherCpu;
                    nextProgress += PROGRESS_EVERY.toNanos();
                }
            }
        }

        private void reportRequestsByClient(Map<Key, Long> beforeApply, double convergeSeconds) {
            Map<Key, Long> all = RequestCounter.minus(afterConvergence, beforeApply);
            long allRequests = all.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Long> byClient = new TreeMap<>();
            all.forEach((key, count) -> byClient.merge(key.userAgent(), count, Long::sum));
            report.note("API requests while converging by client (User-Agent): " + byClient);
            figures.add("API server requests while converging, all clients", allRequests / convergeSeconds, "requests/s");
        }

        /** Waits until the operator stops writing. */
        void settle() throws InterruptedException {
            long settledNanos = awaitQuietOperator();
            settled = requests.snapshot();
            phases.add(phase("settling (until 5 s without an operator write)", seconds(settledNanos - convergedNanos),
                    afterConvergence, settled, n));
        }

        /** Counts the operator's reconciliations and writes during two resync intervals once settled. */
        void watchSettledResyncs() throws InterruptedException {
            OperatorStats beforeResync = operator.stats();
            Duration window = options.resync().multipliedBy(2).plusSeconds(5);
            progress("settled; watching " + window.toSeconds() + " s (two resync intervals and 5 s) for writes");
            long resyncStart = System.nanoTime();
            Thread.sleep(window.toMillis());
            Map<Key, Long> afterResync = requests.snapshot();
            resynced = operator.stats();
            PhaseTable.Phase resyncPhase = phase("settled, two resync intervals", seconds(System.nanoTime() - resyncStart),
                    settled, afterResync, n);
            phases.add(resyncPhase);
            long resyncReconciliations = resynced.reconciliationsStarted() - beforeResync.reconciliationsStarted();
            double resyncs = (double) resyncReconciliations / n;
            figures.add("reconciliations in the settled window", resyncReconciliations,
                    String.format(Locale.ROOT, "(%.1f full resyncs)", resyncs));
            figures.add("operator writes per full resync, settled", resyncs == 0 ? Double.NaN : resyncPhase.writes() / resyncs,
                    "requests", "0 (with ≥ 1 full resync)", resyncs >= 1 && resyncPhase.writes() == 0);
            figures.add("reconcile rate, settled", resyncReconciliations / resyncPhase.seconds(), "reconciliations/s");
            figures.add("reconcile time p99, settled", resynced.reconcileP99Seconds() * 1000, "ms");
        }

        /** The operator's memory at the end, and the failed reconciliations of the whole run. */
        void reportMemory() throws IOException, InterruptedException {
            figures.add("operator RSS, max", rss.max(), "MB", "< " + (int) RSS_GOAL_MB + " MB", rss.max() < RSS_GOAL_MB);
            figures.add("operator RSS, at the end", rss.current(), "MB");
            figures.add("operator heap used, at the end", resynced.heapUsedMegabytes(), "MB");
            if (options.operatorJvmFlags().stream().anyMatch(flag -> flag.startsWith("-XX:NativeMemoryTracking"))) {
                Path nmt = workDir.resolve("operator-native-memory.txt");
                Files.writeString(nmt, operator.jcmd("VM.native_memory", "summary"));
                report.note("operator native memory (NMT) at the end: " + nmt);
            }
            figures.add("operator heap live after a full GC, at the end", operator.statsAfterGc().heapUsedMegabytes(), "MB");
            figures.add("reconciliations failed, whole run", resynced.reconciliationsFailed(), "");
        }

        private void threadDump() throws InterruptedException {
            Path dump = workDir.resolve("operator-threads.txt");
            try {
                Files.writeString(dump, operator.jcmd("Thread.print"));
                report.note("operator thread dump: " + dump);
            } catch (IOException e) {
                report.note("no thread dump: " + e.getMessage());
            }
        }
    }

    private void apply(KubernetesClient client, int n, AtomicLong createNanos) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(options.applyThreads());
        try {
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                OtlpExporter exporter = FleetManifests.exporter(i, options.namespaces());
                creates.add(threads.submit(() -> {
                    long start = System.nanoTime();
                    FleetManifests.create(client, exporter);
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

    private static PhaseTable.Phase phase(String name, double seconds, Map<Key, Long> before, Map<Key, Long> after,
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
        return new PhaseTable.Phase(name, seconds, reads, watches, writes, resources, writesByRequest);
    }

    private static List<Double> latencies(Map<String, Long> convergedAt, long applyStart) {
        return convergedAt.values().stream().map(at -> seconds(at - applyStart)).sorted().toList();
    }

    private static double percentile(List<Double> sorted, double quantile) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
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
