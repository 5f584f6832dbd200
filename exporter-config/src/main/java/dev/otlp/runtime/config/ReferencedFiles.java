package dev.otlp.runtime.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Checks that the files a configuration refers to (keys, certificates, secrets) can be read. */
final class ReferencedFiles {

    private ReferencedFiles() {
    }

    static void check(RuntimeConfig config, ProblemList problems) {
        referenced(config).forEach((key, file) -> {
            if (file != null && !readable(file)) {
                problems.add(key, "cannot read " + file + ": it does not exist or is not readable");
            }
        });
    }

    private static Map<String, String> referenced(RuntimeConfig config) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("authentication.api_key_file", config.authentication().apiKeyFile());
        files.put("oauth2.client_secret_file", config.oauth2().clientSecretFile());
        files.put("tls.cert_file", config.tls().certFile());
        files.put("tls.key_file", config.tls().keyFile());
        files.put("tls.ca_file", config.tls().caFile());
        files.put("receiver.tls_cert_file", config.receiver().tlsCertFile());
        files.put("receiver.tls_key_file", config.receiver().tlsKeyFile());
        files.put("receiver.api_key_file", config.receiver().apiKeyFile());
        return files;
    }

    private static boolean readable(String file) {
        try {
            Path path = Path.of(file);
            return Files.isRegularFile(path) && Files.isReadable(path);
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
