package dev.otlp.runtime.telemetry;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.io.IOException;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a JVM engineer asks of a runtime in trouble, on {@code [monitoring] profiling_port} when
 * {@code enable_profiling} is on: {@code /debug/threads}, every thread's full stack and the locks
 * it holds or waits for; and {@code /debug/jfr?seconds=N}, a Java Flight Recording (the JDK's
 * {@code profile} settings) of the next N seconds (default 30, at most 300), downloaded as a file
 * for JDK Mission Control. One recording at a time.
 */
final class ProfilingEndpoints {

    static final int DEFAULT_SECONDS = 30;
    static final int MAX_SECONDS = 300;
    /** The name of the recording in the JVM's flight recorder while {@code /debug/jfr} runs it. */
    static final String RECORDING_NAME = "otlp-exporter-runtime /debug/jfr";

    private final AtomicBoolean recording = new AtomicBoolean();

    private ProfilingEndpoints() {
    }

    static Map<String, HttpResource> of() {
        ProfilingEndpoints profiling = new ProfilingEndpoints();
        Map<String, HttpResource> endpoints = new LinkedHashMap<>();
        endpoints.put("/debug/threads", query -> Response.plain(200, threadDump()));
        endpoints.put("/debug/jfr", profiling::flightRecording);
        return endpoints;
    }

    private static String threadDump() {
        StringBuilder dump = new StringBuilder();
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append('"').append(thread.getThreadName()).append("\" #").append(thread.getThreadId())
                    .append(thread.isDaemon() ? " daemon" : "").append(' ').append(thread.getThreadState());
            if (thread.getLockName() != null) {
                dump.append(" on ").append(thread.getLockName());
            }
            if (thread.getLockOwnerName() != null) {
                dump.append(" owned by \"").append(thread.getLockOwnerName()).append('"');
            }
            dump.append('\n');
            StackTraceElement[] frames = thread.getStackTrace();
            for (int depth = 0; depth < frames.length; depth++) {
                dump.append("\tat ").append(frames[depth]).append('\n');
                for (MonitorInfo monitor : thread.getLockedMonitors()) {
                    if (monitor.getLockedStackDepth() == depth) {
                        dump.append("\t- locked ").append(monitor).append('\n');
                    }
                }
            }
            for (LockInfo lock : thread.getLockedSynchronizers()) {
                dump.append("\t- holds ").append(lock).append('\n');
            }
            dump.append('\n');
        }
        return dump.toString();
    }

    private Response flightRecording(Map<String, String> query) {
        int seconds;
        try {
            seconds = query.containsKey("seconds") ? Integer.parseInt(query.get("seconds")) : DEFAULT_SECONDS;
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 1 || seconds > MAX_SECONDS) {
            return Response.plain(400, "seconds must be a whole number from 1 to " + MAX_SECONDS + ", got \""
                    + query.get("seconds") + "\"\n");
        }
        if (!recording.compareAndSet(false, true)) {
            return Response.plain(409, "a flight recording is already running; retry when it is done\n");
        }
        try {
            return Response.file("otlp-exporter-runtime-" + seconds + "s.jfr", "application/octet-stream", record(seconds));
        } catch (IOException | ParseException e) {
            return Response.plain(500, "the flight recording failed: " + e.getMessage() + "\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.plain(503, "the runtime is stopping; the flight recording was abandoned\n");
        } finally {
            recording.set(false);
        }
    }

    private static byte[] record(int seconds) throws IOException, ParseException, InterruptedException {
        Path file = Files.createTempFile("otlp-exporter-runtime", ".jfr");
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.setName(RECORDING_NAME);
            recording.start();
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
            recording.stop();
            recording.dump(file);
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
