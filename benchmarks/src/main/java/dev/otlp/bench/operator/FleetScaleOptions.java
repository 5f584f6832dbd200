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
        List<String> jvmFlags = split(DEFAULT_JVM_FLAGS);
        Path json = null;
        Path markdown = null;
        ParseResult parsed = CommandFlags.parse(args, Set.of("--resources", "--namespaces", "--resync", "--timeout",
                "--apply-threads", "--operator-jvm-flags", "--json", "--markdown"), Set.of());
        for (OptionSpec option : parsed.matchedOptions()) {
            String arg = option.longestName();
            String value = option.getValue();
            switch (arg) {
                case "--resources" -> resources = positive(arg, value);
                case "--namespaces" -> namespaces = positive(arg, value);
                case "--resync" -> resync = duration(arg, value);
                case "--timeout" -> timeout = duration(arg, value);
                case "--apply-threads" -> applyThreads = positive(arg, value);
                case "--operator-jvm-flags" -> jvmFlags = split(value);
                case "--json" -> json = Path.of(value);
                case "--markdown" -> markdown = Path.of(value);
                default -> throw new IllegalStateException("an option without a reading: " + arg);
            }
        }
        return new FleetScaleOptions(resources, namespaces, resync, timeout, applyThreads, jvmFlags, json, markdown);
    }

    private static Duration duration(String flag, String value) {
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            return Duration.ofMillis((long) (1000 * Double.parseDouble(value.endsWith("s")
                    ? value.substring(0, value.length() - 1) : value)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a time such as 500ms, 30s or 1m, not " + value);
        }
    }

    private static int positive(String flag, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a positive number, not " + value);
    }

    private static List<String> split(String flags) {
        return flags.isBlank() ? List.of() : List.of(flags.strip().split("\\s+"));
    }
}
