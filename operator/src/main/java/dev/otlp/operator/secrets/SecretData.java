package dev.otlp.operator.secrets;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Values of a Secret's {@code data}: base64 text, as the API server returns it and as {@code SecretBuilder.withData} takes it. */
final class SecretData {

    private SecretData() {
    }

    static String encode(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The decoded text under {@code key}; empty when the map or the key is missing or the value is not base64. */
    static Optional<String> decoded(Map<String, String> data, String key) {
        if (data == null || data.get(key) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getMimeDecoder().decode(data.get(key)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
