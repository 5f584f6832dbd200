package dev.otlp.runtime.export;

import dev.otlp.runtime.config.AuthenticationConfig;
import dev.otlp.runtime.config.RuntimeConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The headers sent with every export: {@code otlp.headers}, the API key under its header, and
 * {@code authorization: Bearer} from OAuth2. Names are lower case, as gRPC metadata requires.
 */
final class RequestHeaders {

    private static final String AUTHORIZATION = "authorization";
    private static final String BEARER = "Bearer ";

    private final Map<String, String> fixed;
    private final OAuth2TokenSource tokens;

    RequestHeaders(Map<String, String> fixed, OAuth2TokenSource tokens) {
        this.fixed = Map.copyOf(fixed);
        this.tokens = tokens;
    }

    static RequestHeaders from(RuntimeConfig config, OAuth2TokenSource tokens) {
        Map<String, String> fixed = new LinkedHashMap<>();
        config.otlp().headers().forEach((name, value) -> fixed.put(name.toLowerCase(Locale.ROOT), value));
        AuthenticationConfig auth = config.authentication();
        if (auth.effectiveType() == AuthenticationConfig.AuthType.API_KEY) {
            fixed.put(auth.apiKeyHeader().toLowerCase(Locale.ROOT), apiKey(auth));
        }
        return new RequestHeaders(fixed, tokens);
    }

    private static String apiKey(AuthenticationConfig auth) {
        if (auth.apiKey() != null && !auth.apiKey().isEmpty()) {
            return auth.apiKey().value();
        }
        if (auth.apiKeyFile() == null) {
            throw new IllegalArgumentException("auth_type = \"api_key\" needs authentication.api_key or api_key_file");
        }
        try {
            return Files.readString(Path.of(auth.apiKeyFile())).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read authentication.api_key_file " + auth.apiKeyFile(), e);
        }
    }

    /** Whether refused credentials can be renewed: an OAuth2 token can, an API key cannot. */
    boolean renewable() {
        return tokens != null;
    }

    /** The upstream refused the credentials in {@code used}, headers that {@link #resolve()} returned. */
    void refused(Map<String, String> used) {
        String authorization = used.get(AUTHORIZATION);
        if (tokens != null && authorization != null && authorization.startsWith(BEARER)) {
            tokens.rejected(authorization.substring(BEARER.length()));
        }
    }

    /** The headers for the next attempt; completes exceptionally when no OAuth2 token can be had. */
    CompletableFuture<Map<String, String>> resolve() {
        if (tokens == null) {
            return CompletableFuture.completedFuture(fixed);
        }
        return tokens.token().thenApply(token -> {
            Map<String, String> all = new LinkedHashMap<>(fixed);
            all.put(AUTHORIZATION, BEARER + token);
            return all;
        });
    }
}
