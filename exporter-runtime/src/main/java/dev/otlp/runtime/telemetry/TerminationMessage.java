package dev.otlp.runtime.telemetry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The container's termination message ({@code terminationMessagePath}, {@code /dev/termination-log} by default),
 * which the kubelet copies into the container's terminated state for the operator to read. Written only when the
 * file exists: the kubelet mounts it; outside a container nothing is created.
 */
public final class TerminationMessage {

    public static final Path DEFAULT_FILE = Path.of("/dev/termination-log");
    private static final Logger log = LoggerFactory.getLogger(TerminationMessage.class);

    private final Path file;

    public TerminationMessage(Path file) {
        this.file = file;
    }

    public void write(String message) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            Files.writeString(file, message + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("cannot write the termination message to {}: {}", file, e.getMessage());
        }
    }
}
