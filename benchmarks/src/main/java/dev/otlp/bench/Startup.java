package dev.otlp.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start-up and idle footprint of the exporter runtime, as a sidecar pays it: each jar is started several times,
 * alternately, with a minimal balanced config whose upstream is a closed port; the time from spawning the
 * process to the first {@code /health} 200, then the process's {@code VmRSS} after it idled without load.
 * See {@code benchmarks/README.md}.
 */
public final class Startup {

    private static final Duration POLL_EVERY = Duration.ofMillis(5);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final StartupOptions options;
    private final Report report = new Report();
    private final List<Start> starts = new ArrayList<>();

    private Startup(StartupOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new Startup(CommandFlags.readOrExit(args, StartupOptions.USAGE, StartupOptions::parse)).run();
        System.exit(0);
    }

    /** One start of one jar. */
    record Start(String jar, int number, double readyMillis, double idleRssMegabytes) {
    }

    private void run() throws Exception {
        report.setup("config", "balanced profile, upstream a closed port on 127.0.0.1, no load");
        report.setup("starts", options.starts() + " per jar, jars interleaved; /health polled every "
                + POLL_EVERY.toMillis() + " ms; idle " + options.idle().toMillis() / 1000.0 + " s before RSS is read");
        options.launches().forEach((label, launch) -> report.setup(label, launch.jar() + " with "
                + String.join(" ", launch.jvmFlags())));
        report.setup("machine", Runtime.getRuntime().availableProcessors() + " CPUs, load average at start "
                + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + ", Java " + Runtime.version());
        report.table(new StartTable());
        report.table(new SummaryTable());
        for (int number = 1; number <= options.starts(); number++) {
            for (Map.Entry<String, StartupOptions.Launch> launch : options.launches().entrySet()) {
                starts.add(start(launch.getKey(), number, launch.getValue()));
            }
        }
        report.publish(options.markdown(), options.json());
    }

    private Start start(String label, int number, StartupOptions.Launch launch) throws Exception {
        if (!Files.isRegularFile(launch.jar())) {
            throw new IllegalArgumentException("runtime jar " + launch.jar() + " not found");
        }
        Path workDir = Files.createTempDirectory("otlp-startup-");
        int[] ports = RuntimeProcess.freePorts(5);
        int closedUpstream = ports[4];
        Path config = workDir.resolve("runtime.toml");
        Files.writeString(config, RuntimeProcess.config("balanced", closedUpstream, ports));
        Path log = workDir.resolve("runtime.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launch.jvmFlags());
        command.addAll(List.of("-jar", launch.jar().toString(), "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        long spawned = System.nanoTime();
        Process process = builder.start();
        try {
            awaitHealthy(process, ports[3], log);
            double readyMillis = (System.nanoTime() - spawned) / 1e6;
            Thread.sleep(options.idle().toMillis());
            double rss = new ProcessProbe(process.pid()).residentBytes() / (1024.0 * 1024.0);
            System.err.printf(Locale.ROOT, "[bench] %s #%d: /health 200 after %.0f ms, idle RSS %.1f MB (%s)%n",
                    label, number, readyMillis, rss, workDir);
            return new Start(label, number, readyMillis, rss);
        } finally {
            process.destroy();
            Processes.awaitExit(process, Duration.ofSeconds(30));
        }
    }

    private static void awaitHealthy(Process process, int port, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the runtime exited with " + process.exitValue() + " during start; see " + log);
            }
            if (healthy(port)) {
                return;
            }
            Thread.sleep(POLL_EVERY.toMillis());
        }
        throw new IOException("no /health 200 within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    /** One {@code GET /health} on a fresh connection: a raw socket costs the poller almost nothing. */
    static boolean healthy(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
        } catch (ConnectException notListening) {
            return false;
        }
    }

    private final class StartTable implements Report.Table {

        @Override
        public String key() {
            return "starts";
        }

        @Override
        public String markdown() {
            MarkdownTable table = new MarkdownTable().left("jar").right("start").right("to /health 200 ms")
                    .right("idle RSS MB");
            starts.forEach(start -> table.row(start.jar(), String.valueOf(start.number()),
                    RunTable.decimal(start.readyMillis(), 0), RunTable.decimal(start.idleRssMegabytes(), 1)));
            return table.toString();
        }

        @Override
        public List<Map<String, Object>> rows() {
            return starts.stream().map(start -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("jar", start.jar());
                row.put("start", start.number());
                row.put("ready_ms", start.readyMillis());
                row.put("idle_rss_mb", start.idleRssMegabytes());
                return row;
            }).toList();
        }
    }

    private final class SummaryTable implements Report.Table {

        @Override
        public String key() {
            return "summary";
        }

        @Override
        public String markdown() {
            MarkdownTable table = new MarkdownTable().left("jar").right("to /health 200 ms, median (min–max)")
                    .right("idle RSS MB, median (min–max)");
            for (Map<String, Object> row : rows()) {
                boolean ratio = row.get("jar").toString().contains("/");
                table.row(row.get("jar").toString(), ratio
                                ? RunTable.decimal((double) row.get("ready_ms_median"), 2)
                                : range(row, "ready_ms", 0),
                        ratio ? RunTable.decimal((double) row.get("idle_rss_mb_median"), 2) : range(row, "idle_rss_mb", 1));
            }
            return "Medians" + (options.baselineRuntimeJar() == null ? "" : " and the ratio current / baseline") + ":\n\n"
                    + table;
        }

        @Override
        public List<Map<String, Object>> rows() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String jar : options.launches().keySet()) {
                List<Start> mine = starts.stream().filter(start -> start.jar().equals(jar)).toList();
                if (mine.isEmpty()) {
                    continue;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("jar", jar);
                figures(row, "ready_ms", mine.stream().mapToDouble(Start::readyMillis).toArray());
                figures(row, "idle_rss_mb", mine.stream().mapToDouble(Start::idleRssMegabytes).toArray());
                rows.add(row);
            }
            if (rows.size() == 2) {
                Map<String, Object> ratio = new LinkedHashMap<>();
                ratio.put("jar", BenchOptions.CURRENT + " / " + BenchOptions.BASELINE);
                for (String figure : List.of("ready_ms_median", "idle_rss_mb_median")) {
                    ratio.put(figure, Medians.ratio((double) rows.get(0).get(figure), (double) rows.get(1).get(figure)));
                }
                rows.add(ratio);
            }
            return rows;
        }

        private static void figures(Map<String, Object> row, String name, double[] values) {
            row.put(name + "_median", Medians.median(values));
            row.put(name + "_min", Arrays.stream(values).min().orElse(Double.NaN));
            row.put(name + "_max", Arrays.stream(values).max().orElse(Double.NaN));
        }

        private static String range(Map<String, Object> row, String name, int places) {
            return RunTable.decimal((double) row.get(name + "_median"), places) + " ("
                    + RunTable.decimal((double) row.get(name + "_min"), places) + "–"
                    + RunTable.decimal((double) row.get(name + "_max"), places) + ")";
        }
    }
}
