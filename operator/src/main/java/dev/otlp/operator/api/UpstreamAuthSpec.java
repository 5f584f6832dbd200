package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How the exporter authenticates to the upstream. Mutual TLS is upstream.tls.clientCertSecretRef and combines with any type.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "!has(self.type) || self.type != 'apiKey' || has(self.apiKey)", fieldPath = ".apiKey",
        message = "type apiKey needs apiKey", messageExpression = "'is required when type is apiKey'")
@ValidationRule(value = "!has(self.apiKey) || (has(self.type) && self.type == 'apiKey')", fieldPath = ".type",
        message = "apiKey needs type apiKey", messageExpression = "'must be apiKey when apiKey is set'")
@ValidationRule(value = "!has(self.type) || self.type != 'oauth2' || has(self.oauth2)", fieldPath = ".oauth2",
        message = "type oauth2 needs oauth2", messageExpression = "'is required when type is oauth2'")
@ValidationRule(value = "!has(self.oauth2) || (has(self.type) && self.type == 'oauth2')", fieldPath = ".type",
        message = "oauth2 needs type oauth2", messageExpression = "'must be oauth2 when oauth2 is set'")
public class UpstreamAuthSpec {

    @JsonPropertyDescription("none, apiKey (needs apiKey) or oauth2 (needs oauth2). Default none.")
    private UpstreamAuthType type;

    @JsonPropertyDescription("The API key sent with every export request; only with type apiKey.")
    private ApiKeySpec apiKey;

    @JsonPropertyDescription("OAuth2 client-credentials grant whose access token is sent as a bearer token; only with type oauth2.")
    private OAuth2Spec oauth2;

    public UpstreamAuthType getType() {
        return type;
    }

    public void setType(UpstreamAuthType type) {
        this.type = type;
    }

    public ApiKeySpec getApiKey() {
        return apiKey;
    }

    public void setApiKey(ApiKeySpec apiKey) {
        this.apiKey = apiKey;
    }

    public OAuth2Spec getOauth2() {
        return oauth2;
    }

    public void setOauth2(OAuth2Spec oauth2) {
        this.oauth2 = oauth2;
    }
}
