package dev.otlp.runtime.telemetry;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Liveness that fails when threads are deadlocked on monitors or locks: such a process never recovers by itself. */
final class ThreadDeadlocks implements Liveness {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Override
    public List<String> problems() {
        long[] ids = threads.findDeadlockedThreads();
        if (ids == null) {
            return List.of();
        }
        String names = Arrays.stream(threads.getThreadInfo(ids))
                .filter(Objects::nonNull)
                .map(ThreadInfo::getThreadName)
                .sorted()
                .collect(Collectors.joining(", "));
        return List.of("threads deadlocked: " + names);
    }
}
