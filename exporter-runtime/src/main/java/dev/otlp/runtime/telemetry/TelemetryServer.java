package dev.otlp.runtime.telemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One HTTP listener serving a fixed set of read-only endpoints: unknown paths get 404, methods other than
 * GET and HEAD get 405. Requests run on two daemon threads, so a slow scrape never blocks a probe.
 */
final class TelemetryServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TelemetryServer.class);
    private static final int HANDLER_THREADS = 2;

    private final HttpServer server;
    private final ExecutorService handlers;
    private final Map<String, HttpResource> endpoints;

    private TelemetryServer(HttpServer server, ExecutorService handlers, Map<String, HttpResource> endpoints) {
        this.server = server;
        this.handlers = handlers;
        this.endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
    }

    /** Listens on {@code host:port} (port 0 picks a free one) and starts serving. */
    static TelemetryServer start(String host, int port, Map<String, HttpResource> endpoints) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port + " of " + host + " for " + endpoints.keySet()
                    + ": " + e.getMessage(), e);
        }
        ExecutorService handlers = Executors.newFixedThreadPool(HANDLER_THREADS, daemonThreads(server));
        TelemetryServer telemetry = new TelemetryServer(server, handlers, endpoints);
        server.createContext("/", telemetry::handle);
        server.setExecutor(handlers);
        server.start();
        log.info("Serving {} on {}:{}", endpoints.keySet(), host, telemetry.port());
        return telemetry;
    }

    private static ThreadFactory daemonThreads(HttpServer server) {
        AtomicInteger count = new AtomicInteger();
        int port = server.getAddress().getPort();
        return task -> {
            Thread thread = new Thread(task, "telemetry-http-" + port + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = "HEAD".equals(method);
            Response response = respond(exchange.getRequestURI().getPath(), method, query(exchange.getRequestURI().getRawQuery()));
            if (response.status() == 405) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            }
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (response.fileName() != null) {
                exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + response.fileName() + "\"");
            }
            byte[] body = response.body();
            exchange.sendResponseHeaders(response.status(), head || body.length == 0 ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String parameter : rawQuery.split("&")) {
                int equals = parameter.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? parameter : parameter.substring(0, equals), StandardCharsets.UTF_8);
                query.putIfAbsent(name, equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private Response respond(String path, String method, Map<String, String> query) {
        HttpResource endpoint = endpoints.get(path);
        if (endpoint == null) {
            return Response.plain(404, "No endpoint " + path + "; this port serves " + endpoints.keySet() + "\n");
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return Response.plain(405, path + " answers GET and HEAD, not " + method + "\n");
        }
        try {
            return endpoint.get(query);
        } catch (RuntimeException e) {
            log.warn("HttpResource {} failed", path, e);
            return Response.plain(500, path + " failed; the runtime's log says why\n");
        }
    }

    /** Stops listening at once; requests in flight are abandoned. */
    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
