package dev.otlp.runtime.tls;

import dev.otlp.runtime.config.ConfigProblem;
import dev.otlp.runtime.config.RuntimeConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * What start-up finds in the certificate and key files a configuration names, checked the way
 * start-up reads them, so that {@code --check-config} refuses what start-up would: a CA file without
 * a certificate, a certificate and key that do not load together. Messages name the setting and
 * the file, never a key's content.
 */
public final class ReferencedMaterial {

    private ReferencedMaterial() {
    }

    /** Problems of a configuration whose files exist and are readable. */
    public static List<ConfigProblem> problems(RuntimeConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        String ca = config.tls().caFile();
        if (ca != null) {
            check(problems, "tls.ca_file", () -> PemFiles.certificates(Path.of(ca)));
        }
        keyPair(problems, "tls.cert_file", config.tls().certFile(), config.tls().keyFile());
        keyPair(problems, "receiver.tls_cert_file", config.receiver().tlsCertFile(), config.receiver().tlsKeyFile());
        return problems;
    }

    private static void keyPair(List<ConfigProblem> problems, String key, String certFile, String keyFile) {
        if (certFile != null && keyFile != null) {
            check(problems, key, () -> PemFiles.keyManagers(Path.of(certFile), Path.of(keyFile)));
        }
    }

    private interface Load {
        Object run() throws IOException, GeneralSecurityException;
    }

    /** PemFiles' messages name the file. */
    private static void check(List<ConfigProblem> problems, String key, Load load) {
        try {
            load.run();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            problems.add(new ConfigProblem(key, e.getMessage()));
        }
    }
}
