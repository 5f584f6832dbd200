package dev.otlp.operator.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operator's own HTTP endpoints: {@code /healthz} (the process answers and its reconcile loop
 * is not stuck) and {@code /readyz} (the operator started and every informer is healthy) on one
 * port, Prometheus {@code /metrics} on another, or all three on one port when both are the same.
 */
final class OperatorEndpoints implements AutoCloseable {

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final List<HttpServer> servers;

    private OperatorEndpoints(List<HttpServer> servers) {
        this.servers = servers;
    }

    /**
     * @param healthPort  port of {@code /healthz} and {@code /readyz}, 0 for a free one
     * @param metricsPort port of {@code /metrics}, 0 for a free one
     * @param stall       why {@code /healthz} answers 503, or empty when it answers 200
     * @param ready       whether {@code /readyz} answers 200
     */
    static OperatorEndpoints start(int healthPort, int metricsPort, Supplier<Optional<String>> stall, BooleanSupplier ready,
                                   PrometheusMeterRegistry registry) {
        HttpHandler healthz = exchange -> {
            Optional<String> reason = stall.get();
            respond(exchange, reason.isEmpty() ? 200 : 503, TEXT, reason.map(why -> "stalled: " + why + "\n").orElse("ok\n"));
        };
        HttpHandler readyz = exchange -> {
            boolean isReady = ready.getAsBoolean();
            respond(exchange, isReady ? 200 : 503, TEXT, isReady ? "ready\n" : "not ready\n");
        };
        HttpHandler metrics = exchange -> respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
        List<HttpServer> servers = new ArrayList<>();
        try {
            HttpServer health = bind(healthPort, "--health-port");
            servers.add(health);
            health.createContext("/healthz", healthz);
            health.createContext("/readyz", readyz);
            if (healthPort != 0 && healthPort == metricsPort) {
                health.createContext("/metrics", metrics);
            } else {
                HttpServer metricsServer = bind(metricsPort, "--metrics-port");
                servers.add(metricsServer);
                metricsServer.createContext("/metrics", metrics);
            }
        } catch (RuntimeException e) {
            servers.forEach(server -> server.stop(0));
            throw e;
        }
        servers.forEach(HttpServer::start);
        return new OperatorEndpoints(servers);
    }

    int healthPort() {
        return servers.get(0).getAddress().getPort();
    }

    int metricsPort() {
        return servers.get(servers.size() - 1).getAddress().getPort();
    }

    @Override
    public void close() {
        servers.forEach(server -> server.stop(0));
    }

    private static HttpServer bind(int port, String flag) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "operator-endpoints-" + port);
                thread.setDaemon(true);
                return thread;
            }));
            return server;
        } catch (BindException e) {
            throw new IllegalStateException("port " + port + " is in use: choose another with " + flag, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
