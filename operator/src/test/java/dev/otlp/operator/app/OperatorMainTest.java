package dev.otlp.operator.app;

import dev.otlp.cluster.testing.JavaChildProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user meets it: help, and clear refusals with non-zero exit codes. */
class OperatorMainTest {

    @TempDir
    Path tmp;

    @Test
    void anUnknownFlagIsNamedAndExitsWithTheUsageCode() throws Exception {
        try (JavaChildProcess process = JavaChildProcess.start(OperatorMain.class, tmp.resolve("out"), Map.of(), "--bogus")) {
            assertThat(process.awaitExit()).isEqualTo(ProcessLifecycle.USAGE_ERROR);
            assertThat(process.output()).contains("otlp-fleet-operator: Unknown option: '--bogus'",
                    "Run with --help to see the options.");
        }
    }

    @Test
    void aBadPortOrLogFormatIsRefusedBeforeAnythingStarts() throws Exception {
        try (JavaChildProcess process = JavaChildProcess.start(OperatorMain.class, tmp.resolve("port"), Map.of(),
                "--metrics-port", "eighty")) {
            assertThat(process.awaitExit()).isEqualTo(ProcessLifecycle.USAGE_ERROR);
            assertThat(process.output()).contains("--metrics-port must be a port number from 0 to 65535, not 'eighty'");
        }
        try (JavaChildProcess process = JavaChildProcess.start(OperatorMain.class, tmp.resolve("log"), Map.of("LOG_FORMAT", "xml"))) {
            assertThat(process.awaitExit()).isEqualTo(ProcessLifecycle.USAGE_ERROR);
            assertThat(process.output()).contains("LOG_FORMAT must be json or text, not 'xml'");
        }
    }

    @Test
    void helpListsTheFlagsAndTheirEnvironmentVariables() throws Exception {
        try (JavaChildProcess process = JavaChildProcess.start(OperatorMain.class, tmp.resolve("out"), Map.of(), "--help")) {
            assertThat(process.awaitExit()).isZero();
            assertThat(process.output()).contains("otlp-fleet-demo.jar", "--namespaces", "WATCH_NAMESPACES", "--runtime-image",
                    "RUNTIME_IMAGE", "--leader-election-namespace", "POD_NAMESPACE", "--health-port", "--metrics-port",
                    "LOG_FORMAT=text");
        }
    }
}
