package dev.otlp.operator.app;

import dev.otlp.process.StopSignals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * The life of a command-line program that serves until told to stop: started, then running until
 * SIGTERM or SIGINT, then closed cleanly; a start that fails is reported in one line naming its cause.
 */
public final class ProcessLifecycle {

    public static final int STOPPED = 0;
    public static final int START_FAILED = 1;
    public static final int USAGE_ERROR = 64;

    private ProcessLifecycle() {
    }

    /**
     * Starts what {@code start} gives, serves until a signal, closes it and returns the exit code.
     *
     * @param program the name that prefixes what is printed on standard error
     */
    public static int runUntilSignalled(String program, Supplier<? extends AutoCloseable> start) throws InterruptedException {
        Logger log = LoggerFactory.getLogger(ProcessLifecycle.class);
        StopSignals stop = StopSignals.install();
        AutoCloseable running;
        try {
            running = start.get();
        } catch (RuntimeException e) {
            log.error("could not start: {}", reason(e), e);
            System.err.println(program + ": could not start: " + reason(e));
            return START_FAILED;
        }
        log.info("started");
        stop.await();
        log.info("stopping");
        try {
            running.close();
        } catch (Exception e) {
            log.warn("stopping failed: {}", e.getMessage(), e);
        }
        log.info("stopped");
        return STOPPED;
    }

    /** The exception's message, followed by its root cause's when that says something else. */
    static String reason(Throwable e) {
        Throwable root = rootCause(e);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return root == e || message.contains(describe(root)) ? message : message + ", caused by " + describe(root);
    }

    static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
