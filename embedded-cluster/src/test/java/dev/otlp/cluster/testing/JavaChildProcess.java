package dev.otlp.cluster.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A main class as its own process, on the main classpath without the test classes (so that it
 * logs with the production {@code logback.xml}), its output collected in a file.
 */
public final class JavaChildProcess implements AutoCloseable {

    private static final long WAIT_SECONDS = 120;

    private final Process process;
    private final Path output;

    private JavaChildProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static JavaChildProcess start(Class<?> mainClass, Path output, Map<String, String> env, String... args) {
        return start(mainClass, output, List.of("-Xmx384m"), env, args);
    }

    public static JavaChildProcess start(Class<?> mainClass, Path output, List<String> jvmOptions, Map<String, String> env,
                                         String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", mainClasspath(), mainClass.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.equals("LOG_FORMAT") || name.equals("LOG_LEVEL"));
        builder.environment().putAll(env);
        try {
            return new JavaChildProcess(builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mainClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the output matches; returns the first group. Fails when the process exits first. */
    public String awaitOutput(Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            Optional<String> found = find(pattern);
            if (found.isPresent()) {
                return found.get();
            }
            if (!process.isAlive()) {
                throw new AssertionError("the process exited with " + process.exitValue() + " before printing "
                        + pattern + ":\n" + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("gave up waiting for " + pattern + " in:\n" + output());
    }

    private Optional<String> find(Pattern pattern) {
        Matcher matcher = pattern.matcher(output());
        return matcher.find() ? Optional.of(matcher.groupCount() > 0 ? matcher.group(1) : matcher.group()) : Optional.empty();
    }

    /** Waits for the process to exit on its own and returns its exit code. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the process did not exit:\n" + output());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM and returns the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
