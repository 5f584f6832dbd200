package dev.otlp.runtime.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Checks that the files a configuration refers to (keys, certificates, secrets) can be read. */
final class ReferencedFiles {

    /** Files that hold a secret as text: empty, they would authenticate nothing. */
    private static final Set<String> SECRET_FILES = Set.of(
            "authentication.api_key_file", "oauth2.client_secret_file", "receiver.api_key_file");

    private ReferencedFiles() {
    }

    static void check(RuntimeConfig config, ProblemList problems) {
        checkReadable(upstreamFiles(config), problems);
        checkReadable(receiverFiles(config), problems);
        String previousKeys = config.receiver().apiKeyPreviousFile();
        if (previousKeys != null && exists(previousKeys) && !readable(previousKeys)) {
            problems.add("receiver.api_key_previous_file", "cannot read " + previousKeys + ": it is not a readable file");
        }
        PersistenceConfig persistence = config.queue().persistence();
        if (persistence.enabled() && persistence.directory() != null && !persistence.directory().isBlank()
                && !writableDirectory(persistence.directory())) {
            problems.add("queue.directory", "cannot write to " + persistence.directory()
                    + ": it is not a writable directory, and cannot be created");
        }
    }

    /** Only the files of the upstream {@code config} sends to: its credentials, certificates and CA. */
    static void checkUpstream(RuntimeConfig config, ProblemList problems) {
        checkReadable(upstreamFiles(config), problems);
    }

    private static void checkReadable(Map<String, String> referenced, ProblemList problems) {
        referenced.forEach((key, file) -> {
            if (file != null && !readable(file)) {
                problems.add(key, "cannot read " + file + ": it does not exist or is not readable");
            } else if (file != null && SECRET_FILES.contains(key) && blank(file, key.equals("receiver.api_key_file"))) {
                problems.add(key, file + " is empty; it must hold the secret");
            }
        });
    }

    /** The directory, or else the nearest existing one above it where it would be created, is writable. */
    private static boolean writableDirectory(String directory) {
        try {
            Path path = Path.of(directory).toAbsolutePath();
            while (path != null && !Files.exists(path)) {
                path = path.getParent();
            }
            return path != null && Files.isDirectory(path) && Files.isWritable(path);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static Map<String, String> upstreamFiles(RuntimeConfig config) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("authentication.api_key_file", config.authentication().apiKeyFile());
        files.put("oauth2.client_secret_file", config.oauth2().clientSecretFile());
        files.put("tls.cert_file", config.tls().certFile());
        files.put("tls.key_file", config.tls().keyFile());
        files.put("tls.ca_file", config.tls().caFile());
        return files;
    }

    private static Map<String, String> receiverFiles(RuntimeConfig config) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("receiver.tls_cert_file", config.receiver().tlsCertFile());
        files.put("receiver.tls_key_file", config.receiver().tlsKeyFile());
        files.put("receiver.api_key_file", config.receiver().apiKeyFile());
        return files;
    }

    /** Blank, or (for the receiver's key list) nothing but blank lines and {@code #} comments. */
    private static boolean blank(String file, boolean keyList) {
        try {
            return Files.readString(Path.of(file)).lines().map(String::strip)
                    .allMatch(line -> line.isEmpty() || keyList && line.startsWith("#"));
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    /** Absent is allowed for {@code receiver.api_key_previous_file}: no keys are being rotated out. */
    private static boolean exists(String file) {
        try {
            return Files.exists(Path.of(file));
        } catch (InvalidPathException e) {
            return true;
        }
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
