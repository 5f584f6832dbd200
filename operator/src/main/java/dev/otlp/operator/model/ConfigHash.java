package dev.otlp.operator.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The one hash of what the runtime reads only when it starts: the rendered runtime config and which Secret keys it
 * mounts where. It goes on the pod template ({@code otlp.dev/config-hash}), so a change of either rolls the pods. The
 * contents of the mounted Secrets are not in it: the kubelet updates their files in place and the runtime reloads
 * them (keys, certificates, client secrets), so a rotated credential reaches the pods without a restart.
 */
public final class ConfigHash {

    /** Hex characters kept: 64 bits of SHA-256. */
    public static final int LENGTH = 16;

    private ConfigHash() {
    }

    /**
     * @param configToml the rendered {@code config.toml}
     * @param mounts     the Secrets the pods mount ({@link SecretMounts}), in their fixed order
     * @return the first {@link #LENGTH} hex characters of a SHA-256 over the config, then each mount's volume, Secret
     *         name and keys; every field is length-prefixed so that no two inputs share an encoding
     */
    public static String of(String configToml, List<SecretMount> mounts) {
        MessageDigest digest = sha256();
        field(digest, configToml);
        for (SecretMount mount : mounts) {
            field(digest, mount.volumeName());
            field(digest, mount.secretName());
            fields(digest, mount.keys());
            fields(digest, mount.optionalKeys());
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, LENGTH);
    }

    private static void fields(MessageDigest digest, List<String> texts) {
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(texts.size()).array());
        texts.forEach(text -> field(digest, text));
    }

    private static void field(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
