package dev.otlp.runtime;

import dev.otlp.process.StopSignals;
import dev.otlp.runtime.config.ConfigCheck;
import dev.otlp.runtime.config.ConfigLoadResult;
import dev.otlp.runtime.config.FileChecks;
import dev.otlp.runtime.config.RuntimeConfig;
import dev.otlp.runtime.telemetry.Logging;
import dev.otlp.runtime.telemetry.TerminationMessage;
import dev.otlp.runtime.tls.ReferencedMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar otlp-exporter-runtime.jar [--config FILE] [--check-config] [--termination-message-file FILE]}. */
public final class Main {

    private static final int USAGE_ERROR = 64;
    private static final int START_FAILED = 1;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Arguments command;
        try {
            command = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(Arguments.usage());
            System.exit(USAGE_ERROR);
            return;
        }
        if (command.help()) {
            System.out.print(Arguments.usage());
            return;
        }
        if (command.checkConfig()) {
            System.exit(ConfigCheck.run(command.configFile(), System.getenv(), System.out, ReferencedMaterial::problems));
        }
        ConfigLoadResult loaded = ConfigCheck.loadAndValidate(command.configFile(), System.getenv(), FileChecks.ON,
                ReferencedMaterial::problems);
        if (!loaded.isValid()) {
            System.err.println("invalid configuration" + (command.configFile() == null ? "" : " in " + command.configFile()) + ":");
            loaded.problems().forEach(problem -> System.err.println("  " + problem.key() + ": " + problem.message()));
            System.exit(ConfigCheck.INVALID);
        }
        RuntimeConfig config = loaded.config();
        Logging.configure(config.logging(), config.service());
        System.exit(run(config, new TerminationMessage(command.terminationMessageFile())));
    }

    private static int run(RuntimeConfig config, TerminationMessage terminationMessage) throws InterruptedException {
        Logger log = LoggerFactory.getLogger(Main.class);
        StopSignals stop = StopSignals.install();
        ExporterRuntime runtime;
        try {
            runtime = ExporterRuntime.start(config);
        } catch (Exception e) {
            log.error("could not start: {}", e.getMessage(), e);
            return START_FAILED;
        }
        stop.await();
        runtime.shutdown(terminationMessage::write);
        return 0;
    }
}
