package dev.otlp.cluster.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code kubectl} against one kubeconfig, with a discovery cache of its own: the binary
 * env {@code KUBECTL_BIN} names ({@code .ci/run} sets kubectl 1.35 there), else {@code kubectl} on the PATH.
 */
public final class Kubectl {

    public record Result(int exitCode, String output) {
    }

    private final Path kubeconfig;
    private final Path cacheDir;

    public Kubectl(Path kubeconfig, Path cacheDir) {
        this.kubeconfig = kubeconfig;
        this.cacheDir = cacheDir;
    }

    /** Whether there is a kubectl to run: env {@code KUBECTL_BIN}, or one on the PATH. */
    public static boolean isOnPath() {
        String bin = System.getenv("KUBECTL_BIN");
        if (bin != null && !bin.isBlank()) {
            return Files.isExecutable(Path.of(bin));
        }
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(File.pathSeparator)).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl")));
    }

    private static String binary() {
        String bin = System.getenv("KUBECTL_BIN");
        return bin != null && !bin.isBlank() ? bin : "kubectl";
    }

    /** Runs kubectl, whatever its exit code. */
    public Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", cacheDir.toString(), "--request-timeout", "30s"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl did not finish: " + command);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Runs kubectl and returns its output; fails when it exits non-zero. */
    public String output(String... args) throws IOException, InterruptedException {
        Result result = run(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("kubectl " + String.join(" ", args) + " exited with " + result.exitCode() + ":\n"
                    + result.output());
        }
        return result.output();
    }
}
