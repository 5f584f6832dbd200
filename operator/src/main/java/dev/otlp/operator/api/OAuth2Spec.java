package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * OAuth2 client-credentials grant towards the upstream.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class OAuth2Spec {

    @JsonPropertyDescription("OAuth2 client id.")
    @Required
    private String clientId;

    @JsonPropertyDescription("Secret key holding the OAuth2 client secret.")
    @Required
    private SecretKeyRef clientSecretRef;

    @JsonPropertyDescription("Token endpoint URL, e.g. https://auth.example.com/oauth2/token.")
    @Required
    @Pattern(ApiPatterns.URL)
    private String tokenUrl;

    @JsonPropertyDescription("Scopes requested with each token.")
    private List<String> scopes;

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public SecretKeyRef getClientSecretRef() {
        return clientSecretRef;
    }

    public void setClientSecretRef(SecretKeyRef clientSecretRef) {
        this.clientSecretRef = clientSecretRef;
    }

    public String getTokenUrl() {
        return tokenUrl;
    }

    public void setTokenUrl(String tokenUrl) {
        this.tokenUrl = tokenUrl;
    }

    public List<String> getScopes() {
        return scopes;
    }

    public void setScopes(List<String> scopes) {
        this.scopes = scopes;
    }
}
