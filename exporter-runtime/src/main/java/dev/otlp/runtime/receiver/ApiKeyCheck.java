package dev.otlp.runtime.receiver;

import dev.otlp.runtime.config.ReceiverConfig;
import dev.otlp.runtime.reload.CredentialWatcher;
import dev.otlp.runtime.reload.Reloadable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Whether a client presented one of the receivers' API keys, in the configured header or as
 * {@code Authorization: Bearer <key>}. The keys are {@code api_key}, or the lines of
 * {@code api_key_file}, plus those of {@code api_key_previous_file} while it exists (a rotation's
 * grace period); both files are reloaded when they change. Compares digests in constant time
 * against every key, so neither a key's content nor its length nor which one matched leaks through
 * timing. Open when no key is configured.
 */
final class ApiKeyCheck {

    private static final String BEARER = "bearer ";

    /** Digests of the accepted keys; null when no key is required. */
    private final Supplier<List<byte[]>> keys;
    private final String header;

    private ApiKeyCheck(Supplier<List<byte[]>> keys, String header) {
        this.keys = keys;
        this.header = header.toLowerCase(Locale.ROOT);
    }

    /** The check the config asks for; reads the key files now, and {@code watcher} reloads them. */
    static ApiKeyCheck from(ReceiverConfig config, CredentialWatcher watcher) {
        Path previous = config.apiKeyPreviousFile() == null ? null : Path.of(config.apiKeyPreviousFile());
        if (config.apiKey() != null && !config.apiKey().isEmpty()) {
            String key = config.apiKey().value();
            if (previous == null) {
                List<byte[]> fixed = List.of(digest(key));
                return new ApiKeyCheck(() -> fixed, config.apiKeyHeader());
            }
            return watched(config, watcher, "receiver.api_key_previous_file", List.of(previous),
                    () -> keys(List.of(key), previous));
        }
        if (config.apiKeyFile() == null) {
            return new ApiKeyCheck(null, config.apiKeyHeader());
        }
        Path current = Path.of(config.apiKeyFile());
        List<Path> files = previous == null ? List.of(current) : List.of(current, previous);
        return watched(config, watcher, "receiver.api_key_file", files, () -> keys(currentKeys(current), previous));
    }

    private static ApiKeyCheck watched(ReceiverConfig config, CredentialWatcher watcher, String setting, List<Path> files,
                                       Reloadable.Loader<List<byte[]>> loader) {
        try {
            return new ApiKeyCheck(watcher.watch(setting, files, loader), config.apiKeyHeader());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static List<byte[]> keys(List<String> current, Path previousFile) throws IOException {
        List<byte[]> digests = new ArrayList<>();
        current.forEach(key -> digests.add(digest(key)));
        if (previousFile != null && Files.exists(previousFile)) {
            lines(previousFile).forEach(key -> digests.add(digest(key)));
        }
        return List.copyOf(digests);
    }

    private static List<String> currentKeys(Path file) throws IOException {
        List<String> keys = lines(file);
        if (keys.isEmpty()) {
            throw new IOException("the receiver API key file " + file + " holds no key");
        }
        return keys;
    }

    /** The keys in a file: one per line, surrounding blanks trimmed, blank lines and {@code #} comments skipped. */
    private static List<String> lines(Path file) throws IOException {
        try {
            return Files.readString(file).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new IOException("cannot read the receiver API key file " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    boolean required() {
        return keys != null;
    }

    /** The header, lower case, that carries the key (besides {@code authorization}). */
    String header() {
        return header;
    }

    /** @param keyHeader the value of {@link #header()}, or null; @param authorization the Authorization header, or null */
    boolean accepts(String keyHeader, String authorization) {
        if (keys == null) {
            return true;
        }
        String presented = keyHeader;
        if (presented == null && authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            presented = authorization.substring(BEARER.length()).strip();
        }
        if (presented == null) {
            return false;
        }
        byte[] digest = digest(presented);
        boolean matched = false;
        for (byte[] key : keys.get()) {
            matched |= MessageDigest.isEqual(key, digest);
        }
        return matched;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
