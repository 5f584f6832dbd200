package dev.otlp.runtime;

import dev.otlp.runtime.telemetry.TerminationMessage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** What the runtime was asked to do: {@code [--config FILE] [--check-config] [--help]}, read by picocli. */
@Command(name = "java -jar otlp-exporter-runtime.jar", sortOptions = false,
        footer = "%nEnvironment variables such as OTLP_ENDPOINT, PERFORMANCE_BATCH_SIZE or LOG_LEVEL override the file.")
final class Arguments {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = {
            "TOML configuration (the design seed's sections plus [receiver] and [queue]);",
            "without it the embedded default runs: balanced profile, debug upstream"})
    private Path configFile;

    @Option(names = "--check-config",
            description = "validate the configuration and exit: 0 when valid, 2 with every problem")
    private boolean checkConfig;

    @Option(names = "--termination-message-file", paramLabel = "FILE", description = {
            "where to write one line on how shutdown ended, when the file exists",
            "(default ${DEFAULT-VALUE}, the kubelet's; the operator reads it back)"})
    private Path terminationMessageFile = TerminationMessage.DEFAULT_FILE;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    private boolean help;

    private Arguments() {
    }

    /** @throws IllegalArgumentException naming the argument that cannot be read */
    static Arguments parse(String... args) {
        Arguments arguments = new Arguments();
        try {
            new CommandLine(arguments).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return arguments;
    }

    static String usage() {
        return new CommandLine(new Arguments()).getUsageMessage();
    }

    /** The configuration file; null for the embedded default. */
    Path configFile() {
        return configFile;
    }

    Path terminationMessageFile() {
        return terminationMessageFile;
    }

    boolean checkConfig() {
        return checkConfig;
    }

    boolean help() {
        return help;
    }
}
