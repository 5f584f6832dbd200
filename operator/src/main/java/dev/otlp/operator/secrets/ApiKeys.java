package dev.otlp.operator.secrets;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The data of the generated {@code X-receiver-api-key} Secret: one random key, created once and kept for as long as
 * the Secret holds a usable one. Maps are Secret {@code data} (base64 values).
 */
public final class ApiKeys {

    public static final String DATA_KEY = "api-key";
    /** The key a rotation replaced, which clients may still present for a grace period ({@link ReceiverApiKeys}). */
    public static final String PREVIOUS_DATA_KEY = DATA_KEY + ".previous";
    /** 256 bits; the key is their unpadded base64url text (43 characters). */
    public static final int KEY_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** {@code current} when it holds a usable key, otherwise data with a new random key. */
    public static Map<String, String> desiredData(Map<String, String> current) {
        return holdsUsableKey(current) ? current : Map.of(DATA_KEY, SecretData.encode(newKey()));
    }

    /**
     * Whether {@code api-key} decodes to a key the runtime accepts as is: after stripping surrounding whitespace (as
     * the runtime does) it is non-empty and every character is printable ASCII, so it fits an HTTP header.
     */
    public static boolean holdsUsableKey(Map<String, String> secretData) {
        return SecretData.decoded(secretData, DATA_KEY)
                .map(String::strip)
                .filter(key -> !key.isEmpty() && key.chars().allMatch(c -> c > 0x20 && c < 0x7f))
                .isPresent();
    }

    static String newKey() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
