package dev.otlp.operator.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one hash of everything the pods read: the rendered runtime config and the data of every Secret they mount.
 * Any changed byte changes it, so it goes on the pod template ({@code otlp.dev/config-hash}) and a change rolls the
 * pods; map order never changes it.
 */
public final class ConfigHash {

    /** Hex characters kept: 64 bits of SHA-256. */
    public static final int LENGTH = 16;

    private ConfigHash() {
    }

    /**
     * @param configToml              the rendered {@code config.toml}
     * @param secretDataBySecretName  each mounted Secret's {@code data} as the API server returns it (base64 values);
     *                                a null map stands for a Secret that does not exist, and hashes differently from
     *                                an empty one
     * @return the first {@link #LENGTH} hex characters of a SHA-256 over the config, then each Secret by name, each
     *         of its entries by key; every field is length-prefixed so that no two inputs share an encoding
     */
    public static String of(String configToml, Map<String, Map<String, String>> secretDataBySecretName) {
        MessageDigest digest = sha256();
        field(digest, configToml);
        new TreeMap<>(secretDataBySecretName).forEach((secretName, data) -> {
            field(digest, secretName);
            if (data == null) {
                digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(-1).array());
                return;
            }
            digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(data.size()).array());
            new TreeMap<>(data).forEach((key, value) -> {
                field(digest, key);
                field(digest, value);
            });
        });
        return HexFormat.of().formatHex(digest.digest()).substring(0, LENGTH);
    }

    /** A null text hashes as length -1, unlike the empty text. */
    private static void field(MessageDigest digest, String text) {
        byte[] bytes = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes == null ? -1 : bytes.length).array());
        if (bytes != null) {
            digest.update(bytes);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
