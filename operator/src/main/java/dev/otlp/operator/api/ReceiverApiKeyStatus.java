package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * How old the generated receiver API keys are: times only, never a key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ReceiverApiKeyStatus {

    @JsonPropertyDescription("When the current key was made (RFC 3339, UTC).")
    private String currentSince;

    @JsonPropertyDescription("While the key a rotation replaced is still accepted: when that key was made.")
    private String previousSince;

    @JsonPropertyDescription("While the key a rotation replaced is still accepted: when it stops being accepted and is deleted.")
    private String previousExpiresAt;

    @JsonPropertyDescription("The value of the otlp.dev/rotate-receiver-key annotation whose rotation was made last;"
            + " a request is handled once this equals the annotation.")
    private String rotationHandled;

    public String getCurrentSince() {
        return currentSince;
    }

    public void setCurrentSince(String currentSince) {
        this.currentSince = currentSince;
    }

    public String getPreviousSince() {
        return previousSince;
    }

    public void setPreviousSince(String previousSince) {
        this.previousSince = previousSince;
    }

    public String getPreviousExpiresAt() {
        return previousExpiresAt;
    }

    public void setPreviousExpiresAt(String previousExpiresAt) {
        this.previousExpiresAt = previousExpiresAt;
    }

    public String getRotationHandled() {
        return rotationHandled;
    }

    public void setRotationHandled(String rotationHandled) {
        this.rotationHandled = rotationHandled;
    }
}
