package dev.otlp.demo;

import dev.otlp.operator.app.ProcessLifecycle;
import dev.otlp.cluster.testing.JavaChildProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's command line as a user meets it: help, and clear refusals with non-zero exit codes. */
class DemoMainTest {

    @TempDir
    Path tmp;

    @Test
    void helpListsTheFlags() throws Exception {
        try (JavaChildProcess process = JavaChildProcess.start(DemoMain.class, tmp.resolve("out"), Map.of(), "--help")) {
            assertThat(process.awaitExit()).isZero();
            assertThat(process.output()).contains("--samples=DIR", "default: ./samples", "--api-port=PORT", "--api-only",
                    "--health-port=PORT", "--metrics-port=PORT");
        }
    }

    @Test
    void aBadFlagOrPortIsNamedAndExitsWithTheUsageCode() throws Exception {
        try (JavaChildProcess process = JavaChildProcess.start(DemoMain.class, tmp.resolve("flag"), Map.of(), "--embedded")) {
            assertThat(process.awaitExit()).isEqualTo(ProcessLifecycle.USAGE_ERROR);
            assertThat(process.output()).contains("otlp-fleet-demo: Unknown option: '--embedded'");
        }
        try (JavaChildProcess process = JavaChildProcess.start(DemoMain.class, tmp.resolve("port"), Map.of(),
                "--api-port", "70000")) {
            assertThat(process.awaitExit()).isEqualTo(ProcessLifecycle.USAGE_ERROR);
            assertThat(process.output()).contains("--api-port must be a port number from 0 to 65535, not '70000'");
        }
    }

    @Test
    void withoutASamplesDirectoryItFailsNamingIt() throws Exception {
        Path missing = tmp.resolve("no-such-samples");
        try (JavaChildProcess process = JavaChildProcess.start(DemoMain.class, tmp.resolve("out"), Map.of("LOG_FORMAT", "text"),
                "--samples", missing.toString(), "--health-port", "0", "--metrics-port", "0")) {
            assertThat(process.awaitExit()).isEqualTo(ProcessLifecycle.START_FAILED);
            assertThat(process.output()).contains("otlp-fleet-demo: could not start: samples directory " + missing
                    + " does not exist: run from the repository root or pass --samples DIR");
        }
    }
}
