package dev.otlp.runtime.config;

/**
 * {@code [oauth2]}: client-credentials grant used when {@code auth_type = "oauth2"}.
 *
 * @param scope space-separated scopes, as the token endpoint expects them
 */
public record OAuth2Config(
        String clientId,
        Secret clientSecret,
        String clientSecretFile,
        String tokenUrl,
        String scope) {

    public static OAuth2Config defaults() {
        return new OAuth2Config(null, null, null, null, "");
    }
}
