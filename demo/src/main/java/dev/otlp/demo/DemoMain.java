package dev.otlp.demo;

import dev.otlp.operator.app.ProcessLifecycle;


/**
 * {@code java -jar demo/target/otlp-fleet-demo.jar [options]}: the operator on an in-process API
 * server holding the samples (see {@link EmbeddedDemo}). Runs until SIGTERM or SIGINT, then stops
 * cleanly and exits 0.
 */
public final class DemoMain {

    private static final String PROGRAM = "otlp-fleet-demo";

    private DemoMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(PROGRAM + ": " + e.getMessage());
            System.err.println("Run with --help to see the options.");
            System.exit(ProcessLifecycle.USAGE_ERROR);
            return;
        }
        if (options.help()) {
            System.out.print(DemoOptions.usage());
            return;
        }
        int exitCode = ProcessLifecycle.START_FAILED;
        try {
            exitCode = ProcessLifecycle.runUntilSignalled(PROGRAM, () -> EmbeddedDemo.start(options, System.out));
        } finally {
            // Informer and executor threads would keep the JVM alive even after an Error.
            System.exit(exitCode);
        }
    }
}
