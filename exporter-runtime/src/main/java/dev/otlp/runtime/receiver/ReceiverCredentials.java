package dev.otlp.runtime.receiver;

import dev.otlp.runtime.config.ReceiverConfig;
import dev.otlp.runtime.reload.CredentialWatcher;
import dev.otlp.runtime.tls.ReloadingKeyManager;

import javax.net.ssl.KeyManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * What both receivers present to clients and check them against, from the files {@code [receiver]}
 * names and kept current as they change: the server certificate for TLS, and the API keys.
 */
public final class ReceiverCredentials {

    private final KeyManager serverKey;
    private final ApiKeyCheck apiKeys;

    private ReceiverCredentials(KeyManager serverKey, ApiKeyCheck apiKeys) {
        this.serverKey = serverKey;
        this.apiKeys = apiKeys;
    }

    /** Reads the files now; {@code watcher} reloads them once started. */
    public static ReceiverCredentials load(ReceiverConfig config, CredentialWatcher watcher) {
        return new ReceiverCredentials(config.hasTls() ? serverKey(config, watcher) : null, ApiKeyCheck.from(config, watcher));
    }

    private static KeyManager serverKey(ReceiverConfig config, CredentialWatcher watcher) {
        try {
            return ReloadingKeyManager.watch(watcher, "receiver.tls_cert_file", Path.of(config.tlsCertFile()),
                    Path.of(config.tlsKeyFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the receiver TLS files: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid receiver TLS certificate " + config.tlsCertFile()
                    + " or key " + config.tlsKeyFile() + ": " + e.getMessage(), e);
        }
    }

    /** The server certificate and key for TLS; null when the receivers are plaintext. */
    KeyManager serverKey() {
        return serverKey;
    }

    ApiKeyCheck apiKeys() {
        return apiKeys;
    }
}
