package dev.otlp.runtime.export;

import dev.otlp.runtime.config.AuthenticationConfig;
import dev.otlp.runtime.config.RuntimeConfig;
import dev.otlp.runtime.reload.CredentialWatcher;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The headers sent with every export: {@code otlp.headers}, the API key under its header (read
 * again when its file changes), and {@code authorization: Bearer} from OAuth2. Names are lower
 * case, as gRPC metadata requires.
 */
final class RequestHeaders {

    private static final String AUTHORIZATION = "authorization";
    private static final String BEARER = "Bearer ";

    private final Map<String, String> fixed;
    private final String apiKeyHeader;
    private final Supplier<String> apiKey;
    private final OAuth2TokenSource tokens;
    private volatile Map<String, String> withKey = Map.of();

    private RequestHeaders(Map<String, String> fixed, String apiKeyHeader, Supplier<String> apiKey, OAuth2TokenSource tokens) {
        this.fixed = Map.copyOf(fixed);
        this.apiKeyHeader = apiKeyHeader;
        this.apiKey = apiKey;
        this.tokens = tokens;
    }

    static RequestHeaders from(RuntimeConfig config, OAuth2TokenSource tokens, CredentialWatcher watcher) {
        Map<String, String> fixed = new LinkedHashMap<>();
        config.otlp().headers().forEach((name, value) -> fixed.put(name.toLowerCase(Locale.ROOT), value));
        AuthenticationConfig auth = config.authentication();
        if (auth.effectiveType() != AuthenticationConfig.AuthType.API_KEY) {
            return new RequestHeaders(fixed, null, null, tokens);
        }
        return new RequestHeaders(fixed, auth.apiKeyHeader().toLowerCase(Locale.ROOT), apiKey(auth, watcher), tokens);
    }

    private static Supplier<String> apiKey(AuthenticationConfig auth, CredentialWatcher watcher) {
        if (auth.apiKey() != null && !auth.apiKey().isEmpty()) {
            String key = auth.apiKey().value();
            return () -> key;
        }
        if (auth.apiKeyFile() == null) {
            throw new IllegalArgumentException("auth_type = \"api_key\" needs authentication.api_key or api_key_file");
        }
        return SecretFile.watch(watcher, "authentication.api_key_file", auth.apiKeyFile());
    }

    /** The fixed headers with the API key as it is now; rebuilt only when the key changed. */
    private Map<String, String> fixed() {
        if (apiKey == null) {
            return fixed;
        }
        String key = apiKey.get();
        Map<String, String> headers = withKey;
        if (!key.equals(headers.get(apiKeyHeader))) {
            Map<String, String> rebuilt = new LinkedHashMap<>(fixed);
            rebuilt.put(apiKeyHeader, key);
            headers = Map.copyOf(rebuilt);
            withKey = headers;
        }
        return headers;
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
        Map<String, String> headers = fixed();
        if (tokens == null) {
            return CompletableFuture.completedFuture(headers);
        }
        return tokens.token().thenApply(token -> {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(AUTHORIZATION, BEARER + token);
            return all;
        });
    }
}
