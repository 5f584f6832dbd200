package dev.otlp.bench.operator;

import dev.otlp.bench.CommandFlags;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@link FleetScale}'s flags. */
record FleetScaleOptions(
        int resources,
        int namespaces,
        Duration resync,
        Duration timeout,
        int applyThreads,
        int injectedPods,
        List<String> operatorJvmFlags,
        Path json,
        Path markdown) {

    /** The operator's container in config/manager/operator.yaml: a 512 Mi memory limit and one CPU. */
    static final String DEFAULT_JVM_FLAGS = "-XX:MaxRAM=512m -XX:ActiveProcessorCount=1";

    static final String USAGE = """
            usage: java -cp benchmarks/target/otlp-benchmarks.jar dev.otlp.bench.operator.FleetScale [options]

              --resources N             OtlpExporters to apply (default 1000)
              --namespaces N            namespaces they are spread over (default 10)
              --resync TIME             the operator's resync interval; the settled phase waits two of them
                                        (default 30s; 500ms, 30s, 1m)
              --timeout TIME            give up waiting for convergence after this long (default 5m)
              --apply-threads N         clients creating the exporters in parallel (default 8)
              --injected-pods N         once converged, N application pods injected with the sidecar of a
                                        mode-sidecar exporter "agent" in each namespace (default 0: none)
              --operator-jvm-flags S    JVM flags of the operator process, space-separated
                                        (default "%s")
              --json FILE               also write the results as JSON
              --markdown FILE           also write the results as markdown
            """.formatted(DEFAULT_JVM_FLAGS);

    static FleetScaleOptions parse(String... args) {
        int resources = 1000;
        int namespaces = 10;
        Duration resync = Duration.ofSeconds(30);
        Duration timeout = Duration.ofMinutes(5);
        int applyThreads = 8;
        int injectedPods = 0;
        List<String> jvmFlags = CommandFlags.words(DEFAULT_JVM_FLAGS);
        Path json = null;
        Path markdown = null;
        ParseResult parsed = CommandFlags.parse(args, Set.of("--resources", "--namespaces", "--resync", "--timeout",
                "--apply-threads", "--injected-pods", "--operator-jvm-flags", "--json", "--markdown"), Set.of());
        for (OptionSpec option : parsed.matchedOptions()) {
            String arg = option.longestName();
            String value = option.getValue();
            switch (arg) {
                case "--resources" -> resources = CommandFlags.positive(arg, value);
                case "--namespaces" -> namespaces = CommandFlags.positive(arg, value);
                case "--resync" -> resync = CommandFlags.duration(arg, value);
                case "--timeout" -> timeout = CommandFlags.duration(arg, value);
                case "--apply-threads" -> applyThreads = CommandFlags.positive(arg, value);
                case "--injected-pods" -> injectedPods = CommandFlags.nonNegative(arg, value);
                case "--operator-jvm-flags" -> jvmFlags = CommandFlags.words(value);
                case "--json" -> json = Path.of(value);
                case "--markdown" -> markdown = Path.of(value);
                default -> throw new IllegalStateException("an option without a reading: " + arg);
            }
        }
        return new FleetScaleOptions(resources, namespaces, resync, timeout, applyThreads, injectedPods, jvmFlags, json,
                markdown);
    }
}
