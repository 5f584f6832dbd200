package dev.otlp.operator.secrets;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysTest {

    @Test
    void newKeyIsThirtyTwoRandomBytesAsBase64UrlText() {
        String key = key(ApiKeys.desiredData(null));

        assertThat(key).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(key)).hasSize(32);
    }

    @Test
    void everyNewKeyDiffers() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            keys.add(key(ApiKeys.desiredData(Map.of())));
        }

        assertThat(keys).hasSize(100);
    }

    @Test
    void existingKeyIsKeptAcrossReconciles() {
        Map<String, String> first = ApiKeys.desiredData(null);

        Map<String, String> second = ApiKeys.desiredData(first);

        assertThat(second).isSameAs(first);
        assertThat(ApiKeys.holdsUsableKey(first)).isTrue();
    }

    @Test
    void keyWrittenWithATrailingNewlineIsKept() {
        Map<String, String> data = data("handwritten-key\n");

        assertThat(ApiKeys.holdsUsableKey(data)).isTrue();
        assertThat(ApiKeys.desiredData(data)).isSameAs(data);
    }

    @Test
    void missingEmptyOrUnusableKeyIsReplaced() {
        Map<String, String> otherKeyOnly = Map.of("token", Base64.getEncoder().encodeToString("abc".getBytes(StandardCharsets.UTF_8)));
        Map<String, String> notBase64 = Map.of(ApiKeys.DATA_KEY, "%%% not base64 %%%");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put(ApiKeys.DATA_KEY, null);

        for (Map<String, String> data : List.of(Map.<String, String>of(), otherKeyOnly, notBase64, nullValue,
                data(""), data("  \n"), data("two words"), data("caf\u00e9"))) {
            assertThat(ApiKeys.holdsUsableKey(data)).as(data.keySet().toString()).isFalse();
            assertThat(ApiKeys.holdsUsableKey(ApiKeys.desiredData(data))).isTrue();
        }
        assertThat(ApiKeys.holdsUsableKey(null)).isFalse();
    }

    private static Map<String, String> data(String key) {
        return Map.of(ApiKeys.DATA_KEY, Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static String key(Map<String, String> data) {
        assertThat(data).containsOnlyKeys(ApiKeys.DATA_KEY);
        return new String(Base64.getDecoder().decode(data.get(ApiKeys.DATA_KEY)), StandardCharsets.UTF_8);
    }
}
