package dev.otlp.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The exporter runtime as its own process, started from its shaded jar with a generated TOML
 * config that forwards to the sink over gRPC; its output goes to {@code runtime.log} beside the config.
 */
final class RuntimeProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int grpcPort;
    private final int httpPort;
    private final int metricsPort;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RuntimeProcess(Process process, int grpcPort, int httpPort, int metricsPort, Path log) {
        this.process = process;
        this.grpcPort = grpcPort;
        this.httpPort = httpPort;
        this.metricsPort = metricsPort;
        this.log = log;
    }

    /**
     * Starts the runtime and waits until {@code /ready} answers 200.
     *
     * @param cpus the CPUs the runtime may run on ({@code taskset -c} list, which execs java: the pid stays the
     *             runtime's), or null for any
     */
    static RuntimeProcess start(Path jar, List<String> jvmFlags, String cpus, String profile, String queue, int sinkPort,
                                Path workDir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("runtime jar " + jar + " not found: build it first with ./mvnw -q -B package -DskipTests");
        }
        int[] ports = freePorts(4);
        Path config = workDir.resolve("runtime.toml");
        Files.writeString(config, config(profile, sinkPort, ports) + queueConfig(queue, workDir));
        Path log = workDir.resolve("runtime.log");
        List<String> command = new ArrayList<>();
        if (cpus != null) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", jar.toString(), "--config", config.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RuntimeProcess runtime = new RuntimeProcess(process, ports[0], ports[1], ports[2], log);
        runtime.awaitReady(ports[3]);
        return runtime;
    }

    /** Nothing for the memory queue; a persistent one in {@code workDir/queue} synced as {@code queue} says. */
    static String queueConfig(String queue, Path workDir) {
        if (queue.equals("memory")) {
            return "";
        }
        return """

                [queue]
                persistent = true
                directory = "%s"
                sync = "%s"
                """.formatted(workDir.resolve("queue"), queue);
    }

    static String config(String profile, int sinkPort, int[] ports) {
        return """
                [otlp]
                endpoint = "http://127.0.0.1:%d"
                protocol = "grpc"

                [performance]
                profile = "%s"

                [receiver]
                host = "127.0.0.1"
                grpc_port = %d
                http_port = %d

                [monitoring]
                metrics_port = %d
                health_check_port = %d

                [logging]
                level = "info"
                """.formatted(sinkPort, profile, ports[0], ports[1], ports[2], ports[3]);
    }

    long pid() {
        return process.pid();
    }

    int grpcPort() {
        return grpcPort;
    }

    int httpPort() {
        return httpPort;
    }

    Path log() {
        return log;
    }

    /** The Prometheus text exposition from {@code /metrics}. */
    String scrapeMetrics() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("/metrics answered " + response.statusCode());
        }
        return response.body();
    }

    private void awaitReady(int healthPort) throws IOException, InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the runtime exited with " + process.exitValue() + " during start; see " + log
                        + ":\n" + Files.readString(log));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IOException("the runtime was not ready within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    /** Stops the runtime with SIGTERM (it drains what it holds) and waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        Processes.awaitExit(process, Duration.ofSeconds(60));
    }

    static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
