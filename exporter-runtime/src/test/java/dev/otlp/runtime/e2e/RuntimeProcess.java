package dev.otlp.runtime.e2e;

import dev.otlp.runtime.Main;
import dev.otlp.runtime.testing.PollingAwait;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime as its own operating-system process, started through {@link Main} as the container starts it,
 * with no {@code shutdown_delay} unless {@code env} sets {@code QUEUE_SHUTDOWN_DELAY}.
 */
final class RuntimeProcess implements AutoCloseable {

    static final int SIGKILLED = 137;

    private final Process process;
    private final Path output;

    private RuntimeProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static RuntimeProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        return start(workDir, List.of("-Xmx256m"), env, args);
    }

    static RuntimeProcess start(Path workDir, List<String> jvmOptions, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(workDir, "runtime", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("OTLP_") || name.startsWith("LOG_"));
        builder.environment().put(RunningRuntime.SHUTDOWN_DELAY_VARIABLE, "0s");
        builder.environment().putAll(env);
        return new RuntimeProcess(builder.start(), output);
    }

    /** Runs to completion (at most a minute) and returns the exit code. */
    int waitForExit() throws InterruptedException {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the runtime exits").isTrue();
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, as the kubelet sends it. */
    void terminate() {
        process.destroy();
    }

    /**
     * Stops the process as the kubelet stops a container: SIGTERM, then SIGKILL once {@code gracePeriod} has passed.
     *
     * @return the exit code; 137 when the grace period ran out and SIGKILL ended it
     */
    int stopWithin(Duration gracePeriod) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            return SIGKILLED;
        }
        return process.exitValue();
    }

    /** SIGKILL, as the OOM killer sends it: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Stdout and stderr so far. */
    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    void awaitOutput(String text) throws IOException {
        try {
            PollingAwait.until("the runtime to print \"" + text + "\"", () -> output().contains(text));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; it printed:\n" + output(), e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
