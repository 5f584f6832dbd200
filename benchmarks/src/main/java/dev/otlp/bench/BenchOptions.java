package dev.otlp.bench;

import dev.otlp.runtime.config.Profile;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The launcher's flags. */
record BenchOptions(
        Profile profile,
        Duration warmup,
        Duration duration,
        int streams,
        int connections,
        double offeredSpansPerSecond,
        int spansPerRequest,
        Path runtimeJar,
        Path baselineRuntimeJar,
        int repeat,
        List<Protocol> protocols,
        List<String> runtimeJvmFlags,
        String runtimeCpus,
        boolean ceiling,
        Path json,
        Path markdown,
        List<String> queues) {

    /** The runtime image's flags, in a JVM whose memory limit is the balanced profile's container's (512 MiB). */
    static final String DEFAULT_JVM_FLAGS = "-XX:MaxRAM=512m " + imageJvmFlags();

    static final Path DEFAULT_RUNTIME_JAR = Path.of("exporter-runtime/target/otlp-exporter-runtime.jar");

    static final String CURRENT = "current";
    static final String BASELINE = "baseline";

    static final String USAGE = """
            usage: java -cp benchmarks/target/otlp-benchmarks.jar dev.otlp.bench.EndToEnd [options]

              --profile NAME          runtime profile: balanced (default), high-throughput or low-latency
              --duration TIME         measured window (default 20s; 500ms, 20s, 1m)
              --warmup TIME           load before the window (default 5s)
              --streams N             calls in flight at once (default 8)
              --connections N         client connections the streams share (default 2)
              --rate SPANS_PER_SEC    fixed offered rate; 0 or absent: closed loop, as fast as answers come
              --spans-per-request N   spans per export request (default 512)
              --runtime-jar FILE      default exporter-runtime/target/otlp-exporter-runtime.jar
              --baseline-runtime-jar FILE
                                      a second runtime jar (e.g. the previous release) measured in the same
                                      invocation, alternating with --runtime-jar; prints medians and ratios
              --repeat N              runs per jar (and queue and protocol), interleaved (default 1)
              --protocol NAME         the load into the runtime: grpc (default), http-protobuf or http-json
              --protocols NAMES       several of them, comma-separated, one after the other
              --runtime-jvm-flags S   JVM flags of the runtime process, space-separated
                                      (default "%s")
              --runtime-cpus LIST     pin the runtime to these CPUs (taskset -c LIST, e.g. 1); run the launcher
                                      itself under taskset -c on the others
              --queues KINDS          the runtime's queue, one run each: memory, write, fsync (persistent, by
                                      its sync mode), comma-separated (default memory)
              --no-ceiling            skip the direct client-to-sink runs
              --json FILE             also write the results as JSON
              --markdown FILE         also write the results as a markdown table
            """.formatted(DEFAULT_JVM_FLAGS);

    /** The flags of the runtime's container image, from the runtime's {@code jvm.options}. */
    static String imageJvmFlags() {
        try (InputStream in = BenchOptions.class.getResourceAsStream("/dev/otlp/runtime/jvm.options")) {
            if (in == null) {
                throw new IllegalStateException("dev/otlp/runtime/jvm.options is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.joining(" "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BenchOptions parse(String... args) {
        Profile profile = Profile.BALANCED;
        Duration warmup = Duration.ofSeconds(5);
        Duration duration = Duration.ofSeconds(20);
        int streams = 8;
        int connections = 2;
        double rate = 0;
        int spansPerRequest = 512;
        Path jar = DEFAULT_RUNTIME_JAR;
        Path baselineJar = null;
        int repeat = 1;
        List<Protocol> protocols = List.of(Protocol.GRPC);
        List<String> jvmFlags = CommandFlags.words(DEFAULT_JVM_FLAGS);
        String cpus = null;
        boolean ceiling = true;
        Path json = null;
        Path markdown = null;
        List<String> queues = List.of("memory");
        ParseResult parsed = CommandFlags.parse(args, Set.of("--profile", "--duration", "--warmup", "--streams",
                "--connections", "--rate", "--spans-per-request", "--runtime-jar", "--runtime-jvm-flags", "--json",
                "--markdown", "--queues", "--baseline-runtime-jar", "--repeat", "--protocol", "--protocols", "--runtime-cpus"),
                Set.of("--no-ceiling"));
        for (OptionSpec option : parsed.matchedOptions()) {
            String arg = option.longestName();
            if (arg.equals("--no-ceiling")) {
                ceiling = false;
                continue;
            }
            String value = option.getValue();
            switch (arg) {
                case "--profile" -> profile = profile(value);
                case "--duration" -> duration = CommandFlags.duration(arg, value);
                case "--warmup" -> warmup = CommandFlags.duration(arg, value);
                case "--streams" -> streams = CommandFlags.positive(arg, value);
                case "--connections" -> connections = CommandFlags.positive(arg, value);
                case "--rate" -> rate = Double.parseDouble(value);
                case "--spans-per-request" -> spansPerRequest = CommandFlags.positive(arg, value);
                case "--runtime-jar" -> jar = Path.of(value);
                case "--baseline-runtime-jar" -> baselineJar = Path.of(value);
                case "--repeat" -> repeat = CommandFlags.positive(arg, value);
                case "--protocol", "--protocols" -> protocols = Arrays.stream(value.split(",")).map(Protocol::of).toList();
                case "--runtime-jvm-flags" -> jvmFlags = CommandFlags.words(value);
                case "--runtime-cpus" -> cpus = value;
                case "--json" -> json = Path.of(value);
                case "--markdown" -> markdown = Path.of(value);
                case "--queues" -> queues = queues(value);
                default -> throw new IllegalStateException("an option without a reading: " + arg);
            }
        }
        return new BenchOptions(profile, warmup, duration, streams, connections, rate, spansPerRequest, jar, baselineJar,
                repeat, protocols, jvmFlags, cpus, ceiling, json, markdown, queues);
    }

    /** The jars to measure, by label: {@code current}, then {@code baseline} when one is given. */
    Map<String, Path> runtimeJars() {
        Map<String, Path> jars = new LinkedHashMap<>();
        jars.put(CURRENT, runtimeJar);
        if (baselineRuntimeJar != null) {
            jars.put(BASELINE, baselineRuntimeJar);
        }
        return jars;
    }

    boolean closedLoop() {
        return offeredSpansPerSecond <= 0;
    }

    String mode() {
        return closedLoop() ? "closed loop" : String.format(Locale.ROOT, "fixed rate %.0f spans/s", offeredSpansPerSecond);
    }

    private static List<String> queues(String value) {
        List<String> queues = List.of(value.split(","));
        for (String queue : queues) {
            if (!List.of("memory", "write", "fsync").contains(queue)) {
                throw new IllegalArgumentException("unknown queue " + queue + "; memory, write or fsync");
            }
        }
        return queues;
    }

    private static Profile profile(String value) {
        return Arrays.stream(Profile.values()).filter(p -> p.key().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown profile " + value
                        + "; one of balanced, high-throughput, low-latency"));
    }
}
