package dev.otlp.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A Linux process's resident memory and CPU time, read from {@code /proc/<pid>}. */
final class ProcessProbe {

    private final Path status;
    private final Path stat;
    private final long ticksPerSecond;

    ProcessProbe(long pid) {
        this.status = Path.of("/proc", Long.toString(pid), "status");
        this.stat = Path.of("/proc", Long.toString(pid), "stat");
        this.ticksPerSecond = clockTicksPerSecond();
    }

    /** {@code VmRSS} in bytes. */
    long residentBytes() {
        for (String line : read(status).split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").strip()) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in " + status);
    }

    /** User plus system CPU time since the process started, in seconds. */
    double cpuSeconds() {
        String line = read(stat);
        // Fields after the command name, which is in parentheses and may contain spaces: state is field 3.
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[14 - 3]);
        long stime = Long.parseLong(fields[15 - 3]);
        return (double) (utime + stime) / ticksPerSecond;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " (is the process still running?)", e);
        }
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).strip();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
