package dev.otlp.runtime.export;

import dev.otlp.runtime.reload.CredentialWatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.function.Supplier;

/** A secret held in a file (an API key, an OAuth2 client secret): its content, trimmed, reloaded when it changes. */
final class SecretFile {

    private SecretFile() {
    }

    /**
     * The secret in {@code file}, as it is now and as it changes; an empty file does not load.
     *
     * @throws UncheckedIOException when the file cannot be read or is empty
     */
    static Supplier<String> watch(CredentialWatcher watcher, String setting, String file) {
        Path path = Path.of(file);
        try {
            return watcher.watch(setting, List.of(path), () -> read(setting, path));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String read(String setting, Path file) throws IOException {
        String secret;
        try {
            secret = Files.readString(file).strip();
        } catch (IOException e) {
            throw new IOException("cannot read " + setting + " " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
        if (secret.isEmpty()) {
            throw new IOException(file + " is empty; it must hold the secret");
        }
        return secret;
    }
}
