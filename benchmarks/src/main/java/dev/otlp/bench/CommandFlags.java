package dev.otlp.bench;

import dev.otlp.runtime.config.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A benchmark's command line, read by picocli: {@code --name value}, {@code --name=value}, switches and
 * {@code -h}; the readings of values that several benchmarks share; and what {@code main} does with help
 * and with a flag it cannot read.
 */
public final class CommandFlags {

    /** The exit status of a command line that cannot be read (sysexits' EX_USAGE). */
    private static final int USAGE_ERROR = 64;

    private CommandFlags() {
    }

    /**
     * Reads the command line with {@code reader}. Help ({@code -h}, {@code --help}) prints {@code usage} and
     * exits 0; a flag that cannot be read prints what is wrong and {@code usage} to stderr and exits 64.
     */
    public static <T> T readOrExit(String[] args, String usage, Function<String[], T> reader) {
        try {
            return reader.apply(args);
        } catch (IllegalArgumentException e) {
            boolean help = "".equals(e.getMessage());
            (help ? System.out : System.err).print((help ? "" : e.getMessage() + "\n") + usage);
            System.exit(help ? 0 : USAGE_ERROR);
            throw new IllegalStateException("System.exit returned", e);
        }
    }

    /**
     * @return the options given, in the order given
     * @throws IllegalArgumentException naming what cannot be read; with an empty message when help was asked for
     */
    public static ParseResult parse(String[] args, Set<String> options, Set<String> switches) {
        CommandSpec spec = CommandSpec.create();
        options.forEach(name -> spec.addOption(OptionSpec.builder(name).type(String.class).paramLabel("VALUE").build()));
        switches.forEach(name -> spec.addOption(OptionSpec.builder(name).build()));
        spec.addOption(OptionSpec.builder("--help", "-h").usageHelp(true).build());
        ParseResult parsed;
        try {
            parsed = new CommandLine(spec).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (parsed.isUsageHelpRequested()) {
            throw new IllegalArgumentException("");
        }
        return parsed;
    }

    /**
     * A time as the runtime's configuration writes it ({@code 500ms}, {@code 20s}, {@code 1m}); a bare number
     * is seconds.
     */
    public static Duration duration(String flag, String value) {
        try {
            return Durations.parse(value.matches("\\d+(\\.\\d+)?") ? value + "s" : value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " takes a time such as 500ms, 20s or 1m, not " + value, e);
        }
    }

    public static int positive(String flag, String value) {
        return atLeast(1, "a positive number", flag, value);
    }

    public static int nonNegative(String flag, String value) {
        return atLeast(0, "0 or more", flag, value);
    }

    private static int atLeast(int least, String what, String flag, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number >= least) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be " + what + ", not " + value);
    }

    /** @return the space-separated words of a list of JVM flags */
    public static List<String> words(String flags) {
        return flags.isBlank() ? List.of() : List.of(flags.strip().split("\\s+"));
    }
}
