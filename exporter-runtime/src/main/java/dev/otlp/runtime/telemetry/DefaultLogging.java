package dev.otlp.runtime.telemetry;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.otlp.runtime.config.LoggingConfig;
import dev.otlp.runtime.config.ServiceConfig;

/**
 * Logback's configuration until {@link Logging#configure} applies {@code [logging]}: the defaults of
 * {@code [logging]} and {@code [service]} (JSON lines at INFO on stdout), set up in code because reading a
 * {@code logback.xml} loads an XML parser and logback's configuration framework at every start. A logback
 * configuration that is there still wins: a file named by {@code -Dlogback.configurationFile}, or a
 * {@code logback-test.xml} or {@code logback.xml} on the class path (the runtime's tests; the operator's, whose
 * tests and benchmarks have the runtime on their class path). Logback finds this class through
 * {@code META-INF/services}.
 */
public final class DefaultLogging extends ContextAwareBase implements Configurator {

    private final ClassLoader resources;

    public DefaultLogging() {
        this(DefaultLogging.class.getClassLoader());
    }

    DefaultLogging(ClassLoader resources) {
        this.resources = resources;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null
                || resources.getResource(ClassicConstants.TEST_AUTOCONFIG_FILE) != null
                || resources.getResource(ClassicConstants.AUTOCONFIG_FILE) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Logging.configure(context, LoggingConfig.defaults(), ServiceConfig.defaults());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
