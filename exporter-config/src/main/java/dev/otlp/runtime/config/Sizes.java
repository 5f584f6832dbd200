package dev.otlp.runtime.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes: a plain number of bytes, or a number and a unit. Binary units ({@code KiB},
 * {@code MiB}, {@code GiB}, and Kubernetes' {@code Ki}, {@code Mi}, {@code Gi}) are powers of 1024;
 * decimal units ({@code KB}, {@code MB}, {@code GB}) are powers of 1000. Units are case-insensitive.
 */
public final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-z]*)");

    private record Unit(String symbol, long bytes) {
    }

    private static final List<Unit> UNITS = List.of(
            new Unit("b", 1L),
            new Unit("kb", 1_000L), new Unit("mb", 1_000_000L), new Unit("gb", 1_000_000_000L),
            new Unit("kib", 1L << 10), new Unit("mib", 1L << 20), new Unit("gib", 1L << 30),
            new Unit("ki", 1L << 10), new Unit("mi", 1L << 20), new Unit("gi", 1L << 30));

    private static final List<Unit> FORMATS = List.of(
            new Unit("GiB", 1L << 30), new Unit("MiB", 1L << 20), new Unit("KiB", 1L << 10));

    private Sizes() {
    }

    /** @throws IllegalArgumentException naming the text and the accepted form */
    public static long parse(String text) {
        Matcher size = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!size.matches()) {
            throw notASize(text);
        }
        String symbol = size.group(2).isEmpty() ? "b" : size.group(2);
        Unit unit = UNITS.stream().filter(u -> u.symbol().equals(symbol)).findFirst().orElseThrow(() -> notASize(text));
        try {
            return Math.multiplyExact(Long.parseLong(size.group(1)), unit.bytes());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("\"" + text + "\" is too large");
        }
    }

    /** The shortest exact text {@link #parse} reads back to the same size: {@code "16MiB"}, {@code "1000"}. */
    public static String format(long bytes) {
        for (Unit unit : FORMATS) {
            if (bytes != 0 && bytes % unit.bytes() == 0) {
                return bytes / unit.bytes() + unit.symbol();
            }
        }
        return Long.toString(bytes);
    }

    private static IllegalArgumentException notASize(String text) {
        return new IllegalArgumentException("\"" + text + "\" is not a size; write bytes or a number and a unit"
                + " (KiB, MiB, GiB, KB, MB, GB), e.g. \"16MiB\"");
    }
}
