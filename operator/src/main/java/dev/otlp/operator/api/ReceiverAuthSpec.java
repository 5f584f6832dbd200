package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What clients sending to the exporter must present.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ReceiverAuthSpec {

    @JsonPropertyDescription("An API key every request must carry; others are refused as unauthenticated.")
    private ReceiverApiKeySpec apiKey;

    public ReceiverApiKeySpec getApiKey() {
        return apiKey;
    }

    public void setApiKey(ReceiverApiKeySpec apiKey) {
        this.apiKey = apiKey;
    }
}
