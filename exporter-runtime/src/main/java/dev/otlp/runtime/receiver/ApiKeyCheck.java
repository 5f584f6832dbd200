package dev.otlp.runtime.receiver;

import dev.otlp.runtime.config.ReceiverConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Whether a client presented the receivers' API key, in the configured header or as
 * {@code Authorization: Bearer <key>}. Compares digests in constant time, so neither the key's
 * content nor its length leaks through timing. Open when no key is configured.
 */
final class ApiKeyCheck {

    private static final String BEARER = "bearer ";

    private final byte[] expectedDigest;
    private final String header;

    private ApiKeyCheck(byte[] expectedDigest, String header) {
        this.expectedDigest = expectedDigest;
        this.header = header.toLowerCase(Locale.ROOT);
    }

    /** The check the config asks for; reads {@code apiKeyFile} once, now. */
    static ApiKeyCheck from(ReceiverConfig config) {
        String key = null;
        if (config.apiKey() != null && !config.apiKey().isEmpty()) {
            key = config.apiKey().value();
        } else if (config.apiKeyFile() != null) {
            key = read(Path.of(config.apiKeyFile()));
        }
        return new ApiKeyCheck(key == null ? null : digest(key), config.apiKeyHeader());
    }

    private static String read(Path file) {
        String key;
        try {
            key = Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the receiver API key file " + file, e);
        }
        if (key.isEmpty()) {
            throw new IllegalStateException("the receiver API key file " + file + " is empty");
        }
        return key;
    }

    boolean required() {
        return expectedDigest != null;
    }

    /** The header, lower case, that carries the key (besides {@code authorization}). */
    String header() {
        return header;
    }

    /** @param keyHeader the value of {@link #header()}, or null; @param authorization the Authorization header, or null */
    boolean accepts(String keyHeader, String authorization) {
        if (expectedDigest == null) {
            return true;
        }
        String presented = keyHeader;
        if (presented == null && authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            presented = authorization.substring(BEARER.length()).strip();
        }
        return presented != null && MessageDigest.isEqual(expectedDigest, digest(presented));
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
