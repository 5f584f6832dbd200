package dev.otlp.operator.monitoring;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.otlp.operator.testing.ExternalTools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The real {@code promtool} of Prometheus (Debian's {@code prometheus} package, or the binary named by
 * the {@code PROMTOOL} environment variable). Missing, the test that needs it is skipped, saying how to
 * install it, or fails where CI requires it ({@link ExternalTools}): alert rules are never taken on trust there.
 */
final class Promtool {

    private static final String INSTALL = "promtool not found: install Debian's prometheus package"
            + " (apt-get install -y prometheus) or set PROMTOOL to its path";

    private Promtool() {
    }

    /** {@code promtool check rules}: the file parses, every expression and template is valid. */
    static void checkRules(Path rules) {
        run("check", "rules", rules.toString());
    }

    /** {@code promtool test rules}: every alert test in the file passes. */
    static void testRules(Path tests) {
        run("test", "rules", tests.toString());
    }

    private static void run(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable());
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile("promtool", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail("%s did not finish within 2 minutes", String.join(" ", command));
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            assertThat(process.exitValue()).as("%s:%n%s", String.join(" ", command), printed).isZero();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static String executable() {
        Optional<String> configured = Optional.ofNullable(System.getenv("PROMTOOL")).filter(path -> !path.isBlank());
        if (configured.isPresent()) {
            return configured.get();
        }
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return ExternalTools.missing(INSTALL);
    }
}
