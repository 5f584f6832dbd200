package dev.otlp.runtime.telemetry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlp.runtime.config.LoggingConfig;
import dev.otlp.runtime.config.ServiceConfig;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets up the runtime's logging from {@code [logging]} and {@code [service]}, replacing the JSON-at-INFO default
 * that {@link DefaultLogging} applies until the configuration is read. JSON lines carry {@code timestamp}, {@code level}, {@code logger}, {@code thread},
 * {@code message}, {@code service} and, for an exception, {@code stack_trace}; with structured logging on they
 * also carry SLF4J key-value pairs and MDC entries as fields. java.util.logging (gRPC, the JDK) goes the same way.
 */
public final class Logging {

    /** Chatty below WARN; their DEBUG is only wanted when the runtime's level is DEBUG or TRACE. */
    private static final List<String> NOISY_LIBRARIES = List.of("io.grpc", "io.netty");
    /** Netty's HTTP/2 frame loggers print every header, credentials included, at DEBUG: never below INFO. */
    private static final String HTTP2_FRAME_LOGGERS = "io.grpc.netty.shaded.io.grpc.netty";
    private static final String TEXT_PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX, UTC} %-5level [%thread] %logger{36} - %msg%n";
    private static final String IGNORE = "[ignore]";

    private Logging() {
    }

    /** Logs to stdout or stderr as {@code [logging] output} says. Call once at start-up. */
    public static void configure(LoggingConfig logging, ServiceConfig service) {
        install(loggerContext(), logging, service, console(logging));
    }

    /** Applies {@code [logging]} and {@code [service]} to a context that logback is still initialising. */
    static void configure(LoggerContext context, LoggingConfig logging, ServiceConfig service) {
        install(context, logging, service, console(logging));
    }

    /** Logs to {@code out} instead of the configured output; logging closes it when reconfigured. */
    public static void configure(LoggingConfig logging, ServiceConfig service, OutputStream out) {
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setOutputStream(out);
        install(loggerContext(), logging, service, appender);
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggingConfig logging) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setTarget(logging.output() == LoggingConfig.Output.STDERR ? "System.err" : "System.out");
        return console;
    }

    private static void install(LoggerContext context, LoggingConfig logging, ServiceConfig service,
                                OutputStreamAppender<ILoggingEvent> appender) {
        context.reset();
        propagateLevelsToJul(context);

        appender.setContext(context);
        appender.setName(logging.format().name().toLowerCase() + "-" + logging.output().name().toLowerCase());
        appender.setEncoder(logging.format() == LoggingConfig.Format.TEXT
                ? textEncoder(context) : jsonEncoder(context, logging, service));
        appender.start();

        Level level = Level.toLevel(logging.level().name());
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(appender);
        if (level.isGreaterOrEqual(Level.INFO)) {
            Level quiet = level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN;
            NOISY_LIBRARIES.forEach(name -> context.getLogger(name).setLevel(quiet));
        }
        if (!level.isGreaterOrEqual(Level.INFO)) {
            context.getLogger(HTTP2_FRAME_LOGGERS).setLevel(Level.INFO);
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    private static LoggerContext loggerContext() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            return context;
        }
        throw new IllegalStateException("Logging needs logback-classic as the SLF4J provider, found "
                + factory.getClass().getName());
    }

    /** Keeps java.util.logging's levels equal to logback's, so disabled JUL records cost nothing. */
    private static void propagateLevelsToJul(LoggerContext context) {
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        context.addListener(propagator);
        propagator.start();
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context, LoggingConfig logging,
                                                      ServiceConfig service) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        LogstashFieldNames names = encoder.getFieldNames();
        names.setTimestamp("timestamp");
        names.setLogger("logger");
        names.setThread("thread");
        names.setVersion(IGNORE);
        names.setLevelValue(IGNORE);
        encoder.setTimeZone("UTC");
        encoder.setIncludeContext(false);
        encoder.setIncludeMdc(logging.enableStructuredLogging());
        encoder.setIncludeKeyValuePairs(logging.enableStructuredLogging());
        encoder.setCustomFields(serviceFields(service));
        encoder.start();
        return encoder;
    }

    private static String serviceFields(ServiceConfig service) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("service", service.name());
        if (!service.version().isBlank()) {
            fields.put("service_version", service.version());
        }
        if (!service.namespace().isBlank()) {
            fields.put("service_namespace", service.namespace());
        }
        try {
            return new ObjectMapper().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
