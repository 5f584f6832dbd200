package dev.otlp.demo;

import dev.otlp.operator.app.OperatorOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * What the demo was asked to do. {@link #parse} throws {@link IllegalArgumentException} with a
 * message for the user.
 *
 * @param samples     the directory of manifests to apply
 * @param apiPort     the API server's port, 0 for a free one
 * @param apiOnly     serve the API server with the CRDs installed, and no operator
 * @param healthPort  the operator's {@code /healthz} and {@code /readyz}
 * @param metricsPort the operator's {@code /metrics}
 * @param help        print the usage and exit
 */
record DemoOptions(Path samples, int apiPort, boolean apiOnly, int healthPort, int metricsPort, boolean help) {

    static DemoOptions parse(String[] args) {
        Flags flags = new Flags();
        try {
            new CommandLine(flags).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new DemoOptions(Path.of(flags.samples), OperatorOptions.port("--api-port", flags.apiPort, 0), flags.apiOnly,
                OperatorOptions.port("--health-port", flags.healthPort, OperatorOptions.DEFAULT_HEALTH_PORT),
                OperatorOptions.port("--metrics-port", flags.metricsPort, OperatorOptions.DEFAULT_METRICS_PORT), flags.help);
    }

    static String usage() {
        return new CommandLine(new Flags()).getUsageMessage();
    }

    @Command(name = "java -jar demo/target/otlp-fleet-demo.jar", sortOptions = false,
            description = {"The otlp-fleet operator on an in-process Kubernetes API server, no cluster needed: installs the",
                    "OtlpExporter CRD, applies the samples, reconciles them until each is Ready, prints each resource",
                    "and a kubeconfig for kubectl, and keeps serving until interrupted. No pods run: a demo kubelet",
                    "marks each workload's pods ready."})
    private static final class Flags {

        @Option(names = "--samples", paramLabel = "DIR", description = "the manifests to apply (default: ./${DEFAULT-VALUE})",
                defaultValue = "samples")
        String samples;

        @Option(names = "--api-port", paramLabel = "PORT", description = "the API server's port (default: a free one)")
        String apiPort;

        @Option(names = "--api-only", description = {"serve only the API server, with the CRDs installed and the demo",
                "kubelet, for an operator run as its own process"})
        boolean apiOnly;

        @Option(names = "--health-port", paramLabel = "PORT", description = "the operator's /healthz and /readyz (default: "
                + OperatorOptions.DEFAULT_HEALTH_PORT + ")")
        String healthPort;

        @Option(names = "--metrics-port", paramLabel = "PORT", description = "the operator's /metrics (default: "
                + OperatorOptions.DEFAULT_METRICS_PORT + ")")
        String metricsPort;

        @Option(names = {"--help", "-h"}, usageHelp = true, description = "show this help")
        boolean help;
    }
}
