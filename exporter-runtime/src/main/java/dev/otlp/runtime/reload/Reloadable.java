package dev.otlp.runtime.reload;

import dev.otlp.runtime.telemetry.RuntimeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A value loaded from files (a certificate and its key, a list of API keys, a secret), replaced
 * when the files' content changes and the new content loads. Content that does not load leaves
 * the previous value in use: each failed attempt is counted in {@code otlp_config_reload_total},
 * logged once per distinct message (which names the setting and the files, never their content),
 * and described by {@link #failure()} until a later change loads.
 */
public final class Reloadable<T> implements Supplier<T> {

    /** How long changed files must stay unchanged before they are loaded. */
    static final Duration SETTLE = Duration.ofMillis(200);
    private static final Logger log = LoggerFactory.getLogger(Reloadable.class);
    private static final byte[] ABSENT = {0};
    private static final byte[] UNREADABLE = {1};

    /** Reads the files and builds the value; what it throws names the files, never their content. */
    @FunctionalInterface
    public interface Loader<T> {
        T load() throws IOException, GeneralSecurityException;
    }

    private final String setting;
    private final List<Path> files;
    private final Loader<T> loader;
    private final RuntimeMetrics metrics;
    private volatile T current;
    private volatile String failure;
    private byte[] fingerprint;

    private Reloadable(String setting, List<Path> files, Loader<T> loader, RuntimeMetrics metrics) {
        this.setting = setting;
        this.files = List.copyOf(files);
        this.loader = loader;
        this.metrics = metrics;
    }

    /** Loads the value now; what the loader throws at start-up is the caller's to report. */
    static <T> Reloadable<T> load(String setting, List<Path> files, Loader<T> loader, RuntimeMetrics metrics)
            throws IOException, GeneralSecurityException {
        Reloadable<T> reloadable = new Reloadable<>(setting, files, loader, metrics);
        reloadable.fingerprint = reloadable.fingerprint();
        reloadable.current = loader.load();
        return reloadable;
    }

    /** The value last loaded. */
    @Override
    public T get() {
        return current;
    }

    /** Why the files' current content is not in use, naming the setting and the files; empty while it is. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    List<Path> files() {
        return files;
    }

    /**
     * Loads the files again if their content changed since the last check, once it has stayed the
     * same for {@link #SETTLE}: the kubelet swaps {@code ..data} first and adds the link of a new key
     * after it, and a certificate written in place may be followed by its key. Called from one thread.
     */
    void refresh() throws InterruptedException {
        byte[] seen = fingerprint();
        if (Arrays.equals(seen, fingerprint)) {
            return;
        }
        for (byte[] again = null; !Arrays.equals(again, seen); ) {
            if (again != null) {
                seen = again;
            }
            Thread.sleep(SETTLE.toMillis());
            again = fingerprint();
        }
        T loaded;
        try {
            loaded = loader.load();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (Arrays.equals(fingerprint(), seen)) {
                fingerprint = seen;
                failed(e);
            }
            return;
        }
        if (Arrays.equals(fingerprint(), seen)) {
            fingerprint = seen;
            current = loaded;
            failure = null;
            metrics.configReloaded(true);
            log.info("reloaded {} from {}", setting, files);
        }
    }

    private void failed(Exception e) {
        String message = setting + ": " + e.getMessage() + "; the previous one stays in use";
        metrics.configReloaded(false);
        if (!message.equals(failure)) {
            log.warn("cannot reload {}", message);
        }
        failure = message;
    }

    /** A digest of every file's content, or of its absence. */
    private byte[] fingerprint() {
        MessageDigest digest = sha256();
        for (Path file : files) {
            digest.update(file.toString().getBytes(StandardCharsets.UTF_8));
            try {
                digest.update(Files.readAllBytes(file));
            } catch (NoSuchFileException e) {
                digest.update(ABSENT);
            } catch (IOException e) {
                digest.update(UNREADABLE);
            }
        }
        return digest.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
