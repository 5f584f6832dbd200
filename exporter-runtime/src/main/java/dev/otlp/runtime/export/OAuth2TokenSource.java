package dev.otlp.runtime.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlp.runtime.config.OAuth2Config;
import dev.otlp.runtime.reload.CredentialWatcher;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Access tokens from an OAuth2 client-credentials grant. A token is cached and renewed once 80 %
 * of its lifetime has passed (at the latest 30 s before it expires); callers arriving during a
 * renewal share it. Each token request sends the client secret as it is then, so a rotated
 * secret file is used from the next renewal on; a refused renewal keeps the cached token while it
 * is valid. Neither the client secret nor a token ever appears in a log or an exception.
 */
public final class OAuth2TokenSource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
    private static final Duration SAFETY_MARGIN = Duration.ofSeconds(30);

    private record Token(String value, Instant renewAt, Instant expiresAt) {
    }

    private final URI tokenUrl;
    private final OAuth2Config config;
    private final Supplier<String> clientSecret;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;
    private Token token;
    private CompletableFuture<Token> renewal;

    public OAuth2TokenSource(OAuth2Config config, Supplier<String> clientSecret, HttpClient http, Duration requestTimeout,
                             Clock clock) {
        if (config.tokenUrl() == null || config.tokenUrl().isBlank()) {
            throw new IllegalArgumentException("oauth2.token_url is required for auth_type = \"oauth2\"");
        }
        if (config.clientId() == null || config.clientId().isBlank()) {
            throw new IllegalArgumentException("oauth2.client_id is required for auth_type = \"oauth2\"");
        }
        this.tokenUrl = URI.create(config.tokenUrl());
        this.config = config;
        this.clientSecret = clientSecret;
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    public OAuth2TokenSource(OAuth2Config config, Supplier<String> clientSecret, Duration timeout) {
        this(config, clientSecret, HttpClient.newBuilder().connectTimeout(timeout).build(), timeout, Clock.systemUTC());
    }

    /** {@code client_secret}, or the content of {@code client_secret_file} as it is now and as it changes. */
    static Supplier<String> clientSecret(OAuth2Config config, CredentialWatcher watcher) {
        if (config.clientSecret() != null) {
            String secret = config.clientSecret().value();
            return () -> secret;
        }
        if (config.clientSecretFile() == null) {
            throw new IllegalArgumentException("oauth2 needs client_secret or client_secret_file");
        }
        return SecretFile.watch(watcher, "oauth2.client_secret_file", config.clientSecretFile());
    }

    private static String form(String clientId, String clientSecret, String scope) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("grant_type", "client_credentials");
        fields.put("client_id", clientId);
        fields.put("client_secret", clientSecret);
        if (scope != null && !scope.isBlank()) {
            fields.put("scope", scope);
        }
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** A valid access token: the cached one, or one being fetched. */
    public CompletableFuture<String> token() {
        Instant now = clock.instant();
        CompletableFuture<Token> pending;
        synchronized (this) {
            if (token != null && now.isBefore(token.renewAt())) {
                return CompletableFuture.completedFuture(token.value());
            }
            pending = renewal != null ? renewal : startRenewal();
            if (token != null && now.isBefore(token.expiresAt())) {
                return CompletableFuture.completedFuture(token.value());
            }
        }
        return pending.thenApply(Token::value);
    }

    /** The upstream refused {@code refused}: forget it, unless a newer token has replaced it already. */
    public synchronized void rejected(String refused) {
        if (token != null && token.value().equals(refused)) {
            token = null;
        }
    }

    private CompletableFuture<Token> startRenewal() {
        HttpRequest request = HttpRequest.newBuilder(tokenUrl)
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(config.clientId(), clientSecret.get(), config.scope())))
                .build();
        CompletableFuture<Token> started = http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(this::parse);
        renewal = started;
        started.whenComplete((fresh, error) -> renewalEnded(fresh));
        return started;
    }

    /** The next {@link #token()} may start another renewal; a token this one fetched replaces the cached one. */
    private synchronized void renewalEnded(Token fresh) {
        renewal = null;
        if (fresh != null) {
            token = fresh;
        }
    }

    private Token parse(HttpResponse<String> response) {
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (response.statusCode() / 100 == 4) {
            throw new TokenRefusedException("OAuth2 token request to " + tokenUrl + " refused: HTTP "
                    + response.statusCode() + describeError(body));
        }
        if (response.statusCode() / 100 != 2 || body == null || !body.path("access_token").isTextual()) {
            throw new IllegalStateException("OAuth2 token request to " + tokenUrl + " failed: HTTP "
                    + response.statusCode() + describeError(body));
        }
        long expiresIn = body.path("expires_in").asLong(0);
        Duration lifetime = expiresIn > 0 ? Duration.ofSeconds(expiresIn) : DEFAULT_LIFETIME;
        Instant now = clock.instant();
        Duration early = lifetime.multipliedBy(8).dividedBy(10);
        Duration late = lifetime.minus(SAFETY_MARGIN);
        Instant renewAt = now.plus(late.isNegative() || late.compareTo(early) > 0 ? early : late);
        return new Token(body.get("access_token").asText(), renewAt, now.plus(lifetime));
    }

    private static String describeError(JsonNode body) {
        if (body == null || !body.path("error").isTextual()) {
            return body == null ? ", response is not JSON" : ", response has no access_token";
        }
        String description = body.path("error_description").asText("");
        return ", error " + body.get("error").asText() + (description.isEmpty() ? "" : " (" + description + ")");
    }

    /** The token endpoint refused the client's credentials: retrying will not help until they are fixed. */
    static final class TokenRefusedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        TokenRefusedException(String message) {
            super(message);
        }
    }
}
