package dev.otlp.runtime.telemetry;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlp.runtime.config.LoggingConfig;
import dev.otlp.runtime.config.LoggingConfig.Format;
import dev.otlp.runtime.config.LoggingConfig.Level;
import dev.otlp.runtime.config.LoggingConfig.Output;
import dev.otlp.runtime.config.ServiceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LoggingTest {

    private static final ServiceConfig SERVICE = new ServiceConfig("checkout-gateway", "1.4.2", "production");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Logger log = LoggerFactory.getLogger("dev.otlp.runtime.pipeline.Example");

    @AfterEach
    void restoreDefaultLogging() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void writesOneJsonObjectPerLineWithTheStandardFields() {
        Logging.configure(config(Level.INFO, Format.JSON), SERVICE, out);

        log.info("Listening on {}", 4317);
        log.warn("Upstream slow");

        List<JsonNode> lines = jsonLines();
        assertThat(lines).hasSize(2);
        JsonNode first = lines.get(0);
        assertThat(first.path("timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d+Z");
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("logger").asText()).isEqualTo("dev.otlp.runtime.pipeline.Example");
        assertThat(first.path("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(first.path("message").asText()).isEqualTo("Listening on 4317");
        assertThat(first.path("service").asText()).isEqualTo("checkout-gateway");
        assertThat(first.path("service_version").asText()).isEqualTo("1.4.2");
        assertThat(first.path("service_namespace").asText()).isEqualTo("production");
        assertThat(first.has("stack_trace")).isFalse();
        assertThat(lines.get(1).path("level").asText()).isEqualTo("WARN");
    }

    @Test
    void includesTheStackTraceOfAnException() {
        Logging.configure(config(Level.INFO, Format.JSON), SERVICE, out);

        log.error("Export failed", new IllegalStateException("upstream closed the stream"));

        JsonNode line = jsonLines().get(0);
        assertThat(line.path("message").asText()).isEqualTo("Export failed");
        assertThat(line.path("stack_trace").asText())
                .startsWith("java.lang.IllegalStateException: upstream closed the stream")
                .contains("at dev.otlp.runtime.telemetry.LoggingTest.includesTheStackTraceOfAnException");
    }

    @Test
    void writesKeyValuePairsAsFieldsOnlyWhenStructuredLoggingIsOn() {
        Logging.configure(new LoggingConfig(Level.INFO, Format.JSON, Output.STDOUT, true), SERVICE, out);
        log.atInfo().addKeyValue("signal", "traces").addKeyValue("items", 512).log("Batch sent");
        assertThat(jsonLines().get(0).path("signal").asText()).isEqualTo("traces");
        assertThat(jsonLines().get(0).path("items").asInt()).isEqualTo(512);

        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        Logging.configure(new LoggingConfig(Level.INFO, Format.JSON, Output.STDOUT, false), SERVICE, plain);
        log.atInfo().addKeyValue("signal", "traces").log("Batch sent");
        assertThat(parse(plain.toString(StandardCharsets.UTF_8).strip()).has("signal")).isFalse();
    }

    @Test
    void writesPlainTextWhenTheFormatIsText() {
        Logging.configure(config(Level.INFO, Format.TEXT), SERVICE, out);

        log.info("Listening on {}", 4317);

        assertThat(output()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z INFO  \\[[^]]+] "
                + "dev\\.otlp\\.runtime\\.pipeline\\.Example - Listening on 4317\\R");
    }

    @Test
    void dropsEventsBelowTheConfiguredLevel() {
        Logging.configure(config(Level.WARN, Format.JSON), SERVICE, out);

        log.info("routine");
        log.warn("needs attention");

        assertThat(jsonLines()).extracting(line -> line.path("message").asText()).containsExactly("needs attention");
    }

    @Test
    void writesDebugWhenTheLevelIsDebug() {
        Logging.configure(config(Level.DEBUG, Format.JSON), SERVICE, out);

        log.debug("detail");
        log.trace("finer detail");

        assertThat(jsonLines()).extracting(line -> line.path("message").asText()).containsExactly("detail");
    }

    @Test
    void quietsNetworkingLibrariesBelowWarnUnlessDebugging() {
        Logger grpc = LoggerFactory.getLogger("io.grpc.netty.shaded.io.netty.channel.DefaultChannelPipeline");
        Logging.configure(config(Level.INFO, Format.JSON), SERVICE, out);
        grpc.info("channel registered");
        grpc.warn("connection reset");
        assertThat(jsonLines()).extracting(line -> line.path("message").asText()).containsExactly("connection reset");

        ByteArrayOutputStream debugging = new ByteArrayOutputStream();
        Logging.configure(config(Level.DEBUG, Format.JSON), SERVICE, debugging);
        grpc.debug("channel registered");
        assertThat(debugging.toString(StandardCharsets.UTF_8)).contains("channel registered");
    }

    @Test
    void neverLetsHttp2FrameLoggersPrintHeadersEvenWhenTracing() {
        Logger frames = LoggerFactory.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyClientHandler");
        Logging.configure(config(Level.TRACE, Format.JSON), SERVICE, out);

        frames.debug("OUTBOUND HEADERS: authorization: Bearer token-1");
        frames.info("connection established");

        assertThat(output()).doesNotContain("token-1").contains("connection established");
    }

    @Test
    void routesJavaUtilLoggingIntoTheSameJsonLines() {
        Logging.configure(config(Level.INFO, Format.JSON), SERVICE, out);

        java.util.logging.Logger grpc = java.util.logging.Logger.getLogger("io.grpc.internal.ManagedChannelImpl");
        grpc.info("resolved addresses");
        grpc.log(java.util.logging.Level.WARNING, "Failed to resolve {0}", "collector.example.com");
        java.util.logging.Logger.getLogger("dev.otlp.runtime.Jdk").fine("too fine for INFO");

        List<JsonNode> lines = jsonLines();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).path("logger").asText()).isEqualTo("io.grpc.internal.ManagedChannelImpl");
        assertThat(lines.get(0).path("level").asText()).isEqualTo("WARN");
        assertThat(lines.get(0).path("message").asText()).isEqualTo("Failed to resolve collector.example.com");
    }

    @Test
    void writesToStandardErrorWhenTheOutputIsStderr() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Logging.configure(new LoggingConfig(Level.INFO, Format.JSON, Output.STDERR, true), SERVICE);
            log.info("to stderr");
        } finally {
            System.setErr(stderr);
        }

        assertThat(parse(captured.toString(StandardCharsets.UTF_8).strip()).path("message").asText())
                .isEqualTo("to stderr");
    }

    @Test
    void defaultConfigurationWritesJsonAtInfoBeforeConfigureRuns() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        try {
            DefaultLogging configurator = new DefaultLogging(new URLClassLoader(new URL[0], null));
            configurator.setContext(context);
            assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
            context.getLogger("dev.otlp.runtime.Main").debug("hidden");
            context.getLogger("dev.otlp.runtime.Main").info("starting");
            context.getLogger("io.grpc.internal.ServerImpl").info("hidden too");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            System.setOut(stdout);
            context.stop();
        }

        assertThat(context.getStatusManager().getCopyOfStatusList())
                .noneMatch(status -> status.getLevel() >= Status.WARN);
        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\\R");
        assertThat(lines).hasSize(1);
        JsonNode line = parse(lines[0]);
        assertThat(line.path("message").asText()).isEqualTo("starting");
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("logger").asText()).isEqualTo("dev.otlp.runtime.Main");
        assertThat(line.path("service").asText()).isEqualTo("otlp-exporter");
        assertThat(line.has("timestamp")).isTrue();
        assertThat(line.has("thread")).isTrue();
    }

    @Test
    void leavesTheConfigurationToLogbackWhenALogbackConfigurationIsOnTheClassPath() {
        LoggerContext context = new LoggerContext();
        DefaultLogging configurator = new DefaultLogging();
        configurator.setContext(context);

        assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    private static LoggingConfig config(Level level, Format format) {
        return new LoggingConfig(level, format, Output.STDOUT, true);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<JsonNode> jsonLines() {
        return output().lines().map(LoggingTest::parse).toList();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON line: " + line, e);
        }
    }
}
