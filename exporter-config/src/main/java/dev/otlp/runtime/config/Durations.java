package dev.otlp.runtime.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the design seed writes them: a number and a unit ({@code "250us"}, {@code "100ms"},
 * {@code "30s"}, {@code "5m"}, {@code "1h"}), decimals and sequences allowed ({@code "1.5s"},
 * {@code "1h30m"}), and a bare {@code "0"}.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private record Unit(String symbol, long nanos) {
    }

    /** Largest first: {@link #format} picks the first unit that divides the duration exactly. */
    private static final List<Unit> UNITS = List.of(
            new Unit("h", 3_600_000_000_000L),
            new Unit("m", 60_000_000_000L),
            new Unit("s", 1_000_000_000L),
            new Unit("ms", 1_000_000L),
            new Unit("us", 1_000L),
            new Unit("ns", 1L));

    private Durations() {
    }

    /** @throws IllegalArgumentException naming the text and the accepted form */
    public static Duration parse(String text) {
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        if (trimmed.equals("0")) {
            return Duration.ZERO;
        }
        Matcher part = PART.matcher(trimmed);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(nanosOf(part.group(2)))));
            end = part.end();
        }
        if (end == 0 || end != trimmed.length()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration; write a number and a unit"
                    + " (ns, us, ms, s, m, h), e.g. \"100ms\" or \"30s\"");
        }
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a whole number of nanoseconds or is too long");
        }
    }

    /** The shortest text {@link #parse} reads back to the same duration. */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        for (Unit unit : UNITS) {
            if (nanos % unit.nanos() == 0) {
                return nanos / unit.nanos() + unit.symbol();
            }
        }
        throw new AssertionError("nanoseconds divide every duration");
    }

    private static long nanosOf(String symbol) {
        String normalized = symbol.equals("µs") ? "us" : symbol;
        return UNITS.stream().filter(u -> u.symbol().equals(normalized)).findFirst().orElseThrow().nanos();
    }
}
