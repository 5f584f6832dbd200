package dev.otlp.bench.operator;

import dev.otlp.bench.Processes;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The operator in its own JVM ({@link OperatorChildMain} from this jar), so that its memory and
 * CPU are its own. Its log goes to a file; its stats lines are answered through {@link #stats()}.
 */
final class ForkedOperator implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final PrintWriter commands;
    private final BlockingQueue<OperatorStats> answers = new LinkedBlockingQueue<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final Path log;

    private ForkedOperator(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.commands = new PrintWriter(new BufferedWriter(new OutputStreamWriter(process.getOutputStream(),
                StandardCharsets.UTF_8)), true);
        Thread reader = new Thread(this::readOutput, "forked-operator-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Forks the operator against the kubeconfig and returns once its informers are synced. */
    static ForkedOperator start(List<String> jvmFlags, Path kubeconfig, Duration resync, Path workDir)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-Dlogback.configurationFile=" + FleetScale.LOGBACK_CONFIG);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(OperatorChildMain.class.getName());
        command.add(resync.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        ForkedOperator operator = new ForkedOperator(builder.start(), workDir.resolve("operator.log"));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!operator.started.await(200, TimeUnit.MILLISECONDS) && operator.process.isAlive()
                && System.nanoTime() < deadline) {
            // waiting for the operator's informers
        }
        if (operator.started.getCount() > 0) {
            operator.close();
            throw new IllegalStateException("the operator did not start (within " + START_TIMEOUT + "); see " + operator.log);
        }
        return operator;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    OperatorStats stats() throws InterruptedException {
        return ask("stats");
    }

    /** The stats after a full GC, whose heap in use is then the live set. */
    OperatorStats statsAfterGc() throws InterruptedException {
        return ask("gc");
    }

    /** What {@code jcmd <pid> <command>} prints, for example {@code VM.native_memory summary}. */
    String jcmd(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid())));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        return out;
    }

    private OperatorStats ask(String command) throws InterruptedException {
        commands.println(command);
        OperatorStats stats = answers.poll(STATS_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (stats == null) {
            throw new IllegalStateException("the operator did not answer for its stats; see " + log);
        }
        return stats;
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var file = Files.newBufferedWriter(log)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals(OperatorChildMain.STARTED)) {
                    started.countDown();
                } else if (line.startsWith(OperatorStats.PREFIX)) {
                    answers.add(OperatorStats.decode(line));
                } else {
                    file.write(line);
                    file.newLine();
                    file.flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        commands.close();
        Processes.awaitExit(process, Duration.ofSeconds(30));
    }
}
