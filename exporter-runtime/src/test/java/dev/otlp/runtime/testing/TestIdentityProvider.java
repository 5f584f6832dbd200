package dev.otlp.runtime.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OAuth2 token endpoint for one client (the client-credentials grant), rotating its client
 * secret the way an identity provider does: it accepts the secrets it is told to (the old and the
 * new during an overlap, then the new only), issues tokens that expire after a set lifetime, and
 * can revoke the tokens issued for a secret it no longer accepts. {@link #validBearer} is what a
 * protected upstream checks. Every token request is recorded with the secret it presented.
 */
public final class TestIdentityProvider implements AutoCloseable {

    /** One token request: the client secret it presented, whether a token was issued, and when ({@link System#nanoTime()}). */
    public record TokenRequest(String clientSecret, boolean granted, long atNanos) {
    }

    private record Issued(String clientSecret, long expiresAtNanos) {
    }

    private final String clientId;
    private final Duration lifetime;
    private final HttpServer http;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "test-identity-provider");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final List<TokenRequest> requests = new ArrayList<>();
    private Set<String> acceptedSecrets;

    private TestIdentityProvider(String clientId, String secret, Duration lifetime) throws IOException {
        this.clientId = clientId;
        this.lifetime = lifetime;
        this.acceptedSecrets = Set.of(secret);
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/token", this::token);
        http.setExecutor(threads);
        http.start();
    }

    /** Issues tokens to {@code clientId} presenting {@code secret}, each valid for {@code lifetime} (whole seconds). */
    public static TestIdentityProvider start(String clientId, String secret, Duration lifetime) {
        try {
            return new TestIdentityProvider(clientId, secret, lifetime);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test identity provider", e);
        }
    }

    public String tokenUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/token";
    }

    /** From now on token requests presenting one of {@code secrets} are granted, others refused (401 invalid_client). */
    public synchronized void acceptSecrets(String... secrets) {
        acceptedSecrets = Set.of(secrets);
    }

    /** Tokens issued for a secret no longer accepted stop being valid now, as a provider that revokes them does. */
    public synchronized void revokeTokensOfRemovedSecrets() {
        tokens.values().removeIf(issued -> !acceptedSecrets.contains(issued.clientSecret()));
    }

    /** Whether {@code authorization} is {@code Bearer} and a token this provider issued that is still valid. */
    public boolean validBearer(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        Issued issued = tokens.get(authorization.substring("Bearer ".length()));
        return issued != null && System.nanoTime() - issued.expiresAtNanos() < 0;
    }

    public synchronized List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String secret = form.getOrDefault("client_secret", "");
            String token = UUID.randomUUID().toString();
            boolean granted;
            synchronized (this) {
                granted = "POST".equals(exchange.getRequestMethod()) && "client_credentials".equals(form.get("grant_type"))
                        && clientId.equals(form.get("client_id")) && acceptedSecrets.contains(secret);
                requests.add(new TokenRequest(secret, granted, System.nanoTime()));
                if (granted) {
                    tokens.put(token, new Issued(secret, System.nanoTime() + lifetime.toNanos()));
                }
            }
            if (!granted) {
                respond(exchange, 401, "{\"error\":\"invalid_client\"}");
                return;
            }
            respond(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                    + lifetime.toSeconds() + "}");
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }
}
