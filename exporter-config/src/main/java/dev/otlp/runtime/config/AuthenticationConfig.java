package dev.otlp.runtime.config;

/**
 * {@code [authentication]}: how the runtime proves itself to the upstream. The seed's
 * {@code tls_cert_path}, {@code tls_key_path} and {@code tls_ca_path} are folded into {@link TlsConfig}.
 *
 * @param apiKey     the key itself, or null
 * @param apiKeyFile a file holding the key (a mounted Secret), read at start-up, or null
 */
public record AuthenticationConfig(
        boolean enableAuth,
        AuthType authType,
        Secret apiKey,
        String apiKeyFile,
        String apiKeyHeader) {

    public static AuthenticationConfig defaults() {
        return new AuthenticationConfig(false, AuthType.NONE, null, null, "X-API-Key");
    }

    /** The scheme in force: {@link AuthType#NONE} unless {@code enable_auth} is set. */
    public AuthType effectiveType() {
        return enableAuth ? authType : AuthType.NONE;
    }

    public enum AuthType {
        NONE("none"), API_KEY("api_key"), OAUTH2("oauth2"), MTLS("mtls");

        private final String key;

        AuthType(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
