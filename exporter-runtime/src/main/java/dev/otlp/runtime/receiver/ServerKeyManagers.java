package dev.otlp.runtime.receiver;

import dev.otlp.runtime.config.ReceiverConfig;
import dev.otlp.runtime.tls.PemFiles;

import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/** The receivers' certificate and key, from the PEM files {@code [receiver]} names, for both listeners' TLS stacks. */
final class ServerKeyManagers {

    private ServerKeyManagers() {
    }

    static KeyManagerFactory from(ReceiverConfig config) {
        try {
            return PemFiles.keyManagers(Path.of(config.tlsCertFile()), Path.of(config.tlsKeyFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the receiver TLS files: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid receiver TLS certificate " + config.tlsCertFile()
                    + " or key " + config.tlsKeyFile() + ": " + e.getMessage(), e);
        }
    }
}
