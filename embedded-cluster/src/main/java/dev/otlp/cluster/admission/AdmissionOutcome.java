package dev.otlp.cluster.admission;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** What admission decided about a write. */
public sealed interface AdmissionOutcome {

    /**
     * The write may proceed.
     *
     * @param object   the object to store, with every mutating webhook's patch applied; {@code null} for a DELETE
     * @param mutated  whether a webhook changed it
     * @param warnings the webhooks' warnings, for the client
     */
    record Admitted(JsonNode object, boolean mutated, List<String> warnings) implements AdmissionOutcome {
    }

    /**
     * The write is refused with a Status, as kube-apiserver refuses it.
     *
     * @param code    the HTTP status
     * @param reason  the Status reason, for example {@code Forbidden} or {@code InternalError}
     * @param message what the client prints
     */
    record Refused(int code, String reason, String message, List<String> warnings) implements AdmissionOutcome {
    }
}
