package dev.otlp.runtime.telemetry;

import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Hands java.util.logging records (gRPC and the JDK's HTTP server log there) to SLF4J, so that they come out
 * in the runtime's format instead of as JUL's two-line text on stderr.
 */
final class JulBridge extends Handler {

    private final SimpleFormatter messages = new SimpleFormatter();

    /** Makes this the only handler of JUL's root logger. */
    static void install() {
        java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        root.addHandler(new JulBridge());
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null) {
            return;
        }
        String name = record.getLoggerName();
        org.slf4j.Logger logger = LoggerFactory.getLogger(name == null ? "" : name);
        Level level = slf4jLevel(record.getLevel().intValue());
        if (logger.isEnabledForLevel(level)) {
            logger.atLevel(level).setCause(record.getThrown()).log(messages.formatMessage(record));
        }
    }

    private static Level slf4jLevel(int julLevel) {
        if (julLevel >= java.util.logging.Level.SEVERE.intValue()) {
            return Level.ERROR;
        }
        if (julLevel >= java.util.logging.Level.WARNING.intValue()) {
            return Level.WARN;
        }
        if (julLevel >= java.util.logging.Level.CONFIG.intValue()) {
            return Level.INFO;
        }
        if (julLevel >= java.util.logging.Level.FINER.intValue()) {
            return Level.DEBUG;
        }
        return Level.TRACE;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
