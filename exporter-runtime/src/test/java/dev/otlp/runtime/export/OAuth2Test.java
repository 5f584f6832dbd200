package dev.otlp.runtime.export;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.otlp.runtime.config.AuthenticationConfig;
import dev.otlp.runtime.config.OAuth2Config;
import dev.otlp.runtime.config.Secret;
import dev.otlp.runtime.config.UpstreamConfig.Protocol;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.reload.CredentialWatcher;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import dev.otlp.runtime.testing.Closer;
import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.TestUpstream;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class OAuth2Test {

    private static final String SECRET = "s3cr3t-client-secret";

    @RegisterExtension
    final Closer closer = new Closer();
    private final TokenServer tokens = closer.add(new TokenServer());
    private final TestUpstream server = closer.add(TestUpstream.start());

    private OAuth2Config oauth2() {
        return new OAuth2Config("exporter", new Secret(SECRET), null, tokens.url(), "otlp.write");
    }

    private Upstream upstream() {
        TestConfig config = TestConfig.sendingTo(server, Protocol.GRPC);
        config.authentication = new AuthenticationConfig(true, AuthenticationConfig.AuthType.OAUTH2, null, null, "X-API-Key");
        config.oauth2 = oauth2();
        return closer.add(config.upstream());
    }

    @Test
    void fetchesATokenOnceAndSendsItWithEveryBatch() {
        Upstream upstream = upstream();

        for (int i = 0; i < 3; i++) {
            assertThat(upstream.send(Signal.TRACES, Batches.traces(2), 2, Upstream.NEVER_EXPIRES).join().delivered()).isEqualTo(2);
        }

        assertThat(tokens.requests()).hasSize(1);
        assertThat(tokens.requests().get(0)).contains("grant_type=client_credentials", "client_id=exporter",
                "client_secret=" + SECRET, "scope=otlp.write");
        assertThat(server.received()).extracting(r -> r.header("authorization")).containsOnly("Bearer token-1");
    }

    @Test
    void renewsARefusedTokenAndSendsTheBatchAgain() {
        server.failNext(1, Status.Code.UNAUTHENTICATED);

        Delivery delivery = upstream().send(Signal.TRACES, Batches.traces(2), 2, Upstream.NEVER_EXPIRES).join();

        assertThat(delivery.delivered()).isEqualTo(2);
        assertThat(server.received()).extracting(r -> r.header("authorization"))
                .containsExactly("Bearer token-1", "Bearer token-2");
    }

    @Test
    void renewsTheTokenWhenItExpires() {
        MutableClock clock = new MutableClock();
        tokens.lifetimeSeconds = 100;
        OAuth2TokenSource source = new OAuth2TokenSource(oauth2(), () -> SECRET, HttpClient.newHttpClient(), Duration.ofSeconds(10), clock);

        assertThat(source.token().join()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(50));
        assertThat(source.token().join()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(51));
        assertThat(source.token().join()).isEqualTo("token-2");
        assertThat(tokens.requests()).hasSize(2);
    }

    @Test
    void sendsARotatedSecretFileWithTheNextRenewalAndKeepsTheValidTokenWhenARenewalIsRefused(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock();
        tokens.lifetimeSeconds = 100;
        Path secretFile = Files.writeString(dir.resolve("client-secret"), "secret-1\n");
        RuntimeMetrics metrics = new RuntimeMetrics();
        CredentialWatcher watcher = closer.add(new CredentialWatcher(metrics));
        OAuth2Config config = new OAuth2Config("exporter", null, secretFile.toString(), tokens.url(), "otlp.write");
        OAuth2TokenSource source = new OAuth2TokenSource(config, OAuth2TokenSource.clientSecret(config, watcher),
                HttpClient.newHttpClient(), Duration.ofSeconds(10), clock);
        watcher.start();
        assertThat(source.token().join()).isEqualTo("token-1");

        Files.writeString(secretFile, "secret-2\n");
        PollingAwait.until("the new secret loaded", Duration.ofSeconds(5),
                () -> metrics.scrape().contains("otlp_config_reload_total{result=\"success\"} 1.0"));
        clock.advance(Duration.ofSeconds(81));
        source.token().join();
        PollingAwait.until("the renewal", () -> tokens.requests().size() == 2);
        assertThat(tokens.requests().get(0)).contains("client_secret=secret-1");
        assertThat(tokens.requests().get(1)).contains("client_secret=secret-2");
        PollingAwait.until("the renewed token in use", () -> source.token().join().equals("token-2"));

        tokens.refuse = true;
        clock.advance(Duration.ofSeconds(81));
        assertThat(source.token().join()).as("the token while its renewal is refused").isEqualTo("token-2");
        PollingAwait.until("the refused renewal", () -> tokens.requests().size() == 3);
        assertThat(source.token().join()).as("the token after its renewal was refused, still valid").isEqualTo("token-2");
    }

    @Test
    void concurrentCallersShareOneTokenRequest() {
        tokens.hold = new CountDownLatch(1);
        OAuth2TokenSource source = new OAuth2TokenSource(oauth2(), () -> SECRET, Duration.ofSeconds(10));

        List<CompletableFuture<String>> callers = IntStream.range(0, 8).mapToObj(i -> source.token()).toList();
        tokens.hold.countDown();

        assertThat(callers).extracting(CompletableFuture::join).containsOnly("token-1");
        assertThat(tokens.requests()).hasSize(1);
    }

    @Test
    void neverLogsOrReportsTheSecretOrTheToken() {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        try {
            Upstream upstream = upstream();
            upstream.send(Signal.TRACES, Batches.traces(2), 2, Upstream.NEVER_EXPIRES).join();
            tokens.refuse = true;
            server.failAlways(Status.Code.UNAUTHENTICATED);

            Delivery refused = upstream.send(Signal.TRACES, Batches.traces(2), 2, System.currentTimeMillis() + 300).join();

            assertThat(refused.outcome()).isEqualTo(Delivery.Outcome.EXPIRED);
            assertThat(refused.message()).contains("HTTP 401", "invalid_client").doesNotContain(SECRET);
        } finally {
            root.detachAppender(logs);
        }
        // Netty's HTTP/2 frame loggers print every header at DEBUG: the logging configuration keeps them at INFO.
        assertThat(logs.list).filteredOn(event -> !event.getLoggerName().startsWith("io.grpc.netty.shaded."))
                .extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(line -> line.contains(SECRET) || line.contains("token-1"));
    }

    /** A client-credentials token endpoint that issues token-1, token-2, ... */
    private static final class TokenServer implements AutoCloseable {
        private final HttpServer http;
        private final AtomicInteger issued = new AtomicInteger();
        private final List<String> requests = new CopyOnWriteArrayList<>();
        volatile long lifetimeSeconds = 3600;
        volatile boolean refuse;
        volatile CountDownLatch hold = new CountDownLatch(0);

        TokenServer() {
            try {
                http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            http.setExecutor(Executors.newCachedThreadPool());
            http.createContext("/token", this::issue);
            http.start();
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/token";
        }

        List<String> requests() {
            return requests;
        }

        private void issue(HttpExchange exchange) throws IOException {
            try (exchange) {
                requests.add(URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                        StandardCharsets.UTF_8));
                hold.await(30, TimeUnit.SECONDS);
                byte[] body = (refuse
                        ? "{\"error\":\"invalid_client\"}"
                        : "{\"access_token\":\"token-" + issued.incrementAndGet() + "\",\"token_type\":\"Bearer\",\"expires_in\":" + lifetimeSeconds + "}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(refuse ? 401 : 200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
