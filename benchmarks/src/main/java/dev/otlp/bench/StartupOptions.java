package dev.otlp.bench;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link Startup}'s flags. */
record StartupOptions(
        Path runtimeJar,
        Path baselineRuntimeJar,
        int starts,
        Duration idle,
        List<String> jvmFlags,
        List<String> extraJvmFlags,
        List<String> baselineExtraJvmFlags,
        Path json,
        Path markdown) {

    /** The image's flags in a sidecar's 128 MiB container. */
    static final String DEFAULT_JVM_FLAGS = "-XX:MaxRAM=128m " + BenchOptions.imageJvmFlags();

    static final String USAGE = """
            usage: java -cp benchmarks/target/otlp-benchmarks.jar dev.otlp.bench.Startup [options]

              --runtime-jar FILE      default exporter-runtime/target/otlp-exporter-runtime.jar
              --baseline-runtime-jar FILE
                                      a second runtime jar, started alternately with --runtime-jar
              --starts N              starts per jar, interleaved (default 5)
              --idle TIME             how long each started runtime idles before its RSS is read (default 10s)
              --runtime-jvm-flags S   JVM flags of both jars, space-separated
                                      (default "%s")
              --extra-jvm-flags S     further JVM flags for --runtime-jar only (e.g. -XX:TieredStopAtLevel=1)
              --baseline-extra-jvm-flags S
                                      further JVM flags for --baseline-runtime-jar only
              --json FILE             also write the results as JSON
              --markdown FILE         also write the results as a markdown table
            """.formatted(DEFAULT_JVM_FLAGS);

    static StartupOptions parse(String... args) {
        Path jar = BenchOptions.DEFAULT_RUNTIME_JAR;
        Path baselineJar = null;
        int starts = 5;
        Duration idle = Duration.ofSeconds(10);
        List<String> jvmFlags = CommandFlags.words(DEFAULT_JVM_FLAGS);
        List<String> extra = List.of();
        List<String> baselineExtra = List.of();
        Path json = null;
        Path markdown = null;
        ParseResult parsed = CommandFlags.parse(args, Set.of("--runtime-jar", "--baseline-runtime-jar", "--starts",
                "--idle", "--runtime-jvm-flags", "--extra-jvm-flags", "--baseline-extra-jvm-flags", "--json",
                "--markdown"), Set.of());
        for (OptionSpec option : parsed.matchedOptions()) {
            String arg = option.longestName();
            String value = option.getValue();
            switch (arg) {
                case "--runtime-jar" -> jar = Path.of(value);
                case "--baseline-runtime-jar" -> baselineJar = Path.of(value);
                case "--starts" -> starts = CommandFlags.positive(arg, value);
                case "--idle" -> idle = CommandFlags.duration(arg, value);
                case "--runtime-jvm-flags" -> jvmFlags = CommandFlags.words(value);
                case "--extra-jvm-flags" -> extra = CommandFlags.words(value);
                case "--baseline-extra-jvm-flags" -> baselineExtra = CommandFlags.words(value);
                case "--json" -> json = Path.of(value);
                case "--markdown" -> markdown = Path.of(value);
                default -> throw new IllegalStateException("an option without a reading: " + arg);
            }
        }
        return new StartupOptions(jar, baselineJar, starts, idle, jvmFlags, extra, baselineExtra, json, markdown);
    }

    /** What is started, by label: {@code current}, then {@code baseline} when one is given. */
    Map<String, Launch> launches() {
        Map<String, Launch> launches = new LinkedHashMap<>();
        launches.put(BenchOptions.CURRENT, new Launch(runtimeJar, concat(jvmFlags, extraJvmFlags)));
        if (baselineRuntimeJar != null) {
            launches.put(BenchOptions.BASELINE, new Launch(baselineRuntimeJar, concat(jvmFlags, baselineExtraJvmFlags)));
        }
        return launches;
    }

    record Launch(Path jar, List<String> jvmFlags) {
    }

    private static List<String> concat(List<String> first, List<String> then) {
        List<String> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }
}
