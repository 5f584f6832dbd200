package dev.otlp.bench.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A Linux process's resident memory and CPU time, from {@code /proc/<pid>}. */
final class ProcFs {

    /** USER_HZ, which is 100 on every Linux architecture the JVM runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private final Path status;
    private final Path stat;

    ProcFs(long pid) {
        this.status = Path.of("/proc", Long.toString(pid), "status");
        this.stat = Path.of("/proc", Long.toString(pid), "stat");
    }

    /** {@code VmRSS} in megabytes (MiB). */
    double residentMegabytes() {
        for (String line : read(status).split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").strip()) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS in " + status);
    }

    /** User plus system CPU seconds since the process started. */
    double cpuSeconds() {
        String line = read(stat);
        // After the command name in parentheses, the state is field 3; utime and stime are fields 14 and 15.
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3])) / TICKS_PER_SECOND;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " (has the process ended?)", e);
        }
    }
}
