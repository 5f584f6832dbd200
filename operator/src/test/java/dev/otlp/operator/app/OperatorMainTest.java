package dev.otlp.operator.app;

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
        try (OperatorChildProcess process = OperatorChildProcess.start(tmp.resolve("out"), Map.of(), "--bogus")) {
            assertThat(process.awaitExit()).isEqualTo(OperatorMain.USAGE_ERROR);
            assertThat(process.output()).contains("otlp-fleet-operator: Unknown option: '--bogus'",
                    "Run with --help to see the options.");
        }
    }

    @Test
    void aBadPortOrLogFormatIsRefusedBeforeAnythingStarts() throws Exception {
        try (OperatorChildProcess process = OperatorChildProcess.start(tmp.resolve("port"), Map.of(),
                "--metrics-port", "eighty")) {
            assertThat(process.awaitExit()).isEqualTo(OperatorMain.USAGE_ERROR);
            assertThat(process.output()).contains("--metrics-port must be a port number from 0 to 65535, not 'eighty'");
        }
        try (OperatorChildProcess process = OperatorChildProcess.start(tmp.resolve("log"), Map.of("LOG_FORMAT", "xml"))) {
            assertThat(process.awaitExit()).isEqualTo(OperatorMain.USAGE_ERROR);
            assertThat(process.output()).contains("LOG_FORMAT must be json or text, not 'xml'");
        }
    }

    @Test
    void helpListsTheFlagsAndTheirEnvironmentVariables() throws Exception {
        try (OperatorChildProcess process = OperatorChildProcess.start(tmp.resolve("out"), Map.of(), "--help")) {
            assertThat(process.awaitExit()).isZero();
            assertThat(process.output()).contains("--embedded", "--namespaces", "WATCH_NAMESPACES", "--runtime-image",
                    "RUNTIME_IMAGE", "--leader-election-namespace", "POD_NAMESPACE", "--health-port", "--metrics-port",
                    "LOG_FORMAT=text");
        }
    }

    @Test
    void embeddedWithoutASamplesDirectoryFailsNamingIt() throws Exception {
        Path missing = tmp.resolve("no-such-samples");
        try (OperatorChildProcess process = OperatorChildProcess.start(tmp.resolve("out"), Map.of("LOG_FORMAT", "text"),
                "--embedded", "--samples", missing.toString(), "--health-port", "0", "--metrics-port", "0")) {
            assertThat(process.awaitExit()).isEqualTo(OperatorMain.START_FAILED);
            assertThat(process.output()).contains("otlp-fleet-operator: could not start: samples directory " + missing
                    + " does not exist: run from the repository root or pass --samples DIR");
        }
    }
}
