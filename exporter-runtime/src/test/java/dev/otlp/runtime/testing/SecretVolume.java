package dev.otlp.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A directory laid out and updated the way the kubelet updates a mounted Secret: each version of
 * the data in a directory of its own, a {@code ..data} symlink to the current one, replaced by an
 * atomic rename, and one symlink per key through {@code ..data}. A reader sees the old set of
 * files or the new one, never a mix; the files a path names never change in place.
 */
public final class SecretVolume {

    private static final AtomicLong VERSIONS = new AtomicLong();

    private final Path dir;

    public SecretVolume(Path dir) {
        this.dir = dir;
    }

    /** Where the key {@code key} appears, as the container sees it. */
    public Path path(String key) {
        return dir.resolve(key);
    }

    /** Replaces the volume's content with {@code data}: keys not in it disappear. */
    public void write(Map<String, byte[]> data) {
        try {
            Files.createDirectories(dir);
            Path version = dir.resolve("..version_" + VERSIONS.incrementAndGet());
            Files.createDirectory(version);
            for (Map.Entry<String, byte[]> entry : data.entrySet()) {
                Files.write(version.resolve(entry.getKey()), entry.getValue());
            }
            Path current = dir.resolve("..data");
            Path previous = Files.isSymbolicLink(current) ? dir.resolve(Files.readSymbolicLink(current)) : null;
            Path link = dir.resolve("..data_tmp");
            Files.createSymbolicLink(link, version.getFileName());
            Files.move(link, current, StandardCopyOption.ATOMIC_MOVE);
            for (String key : data.keySet()) {
                if (!Files.isSymbolicLink(dir.resolve(key))) {
                    Files.createSymbolicLink(dir.resolve(key), Path.of("..data", key));
                }
            }
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path entry : entries.toList()) {
                    String name = entry.getFileName().toString();
                    if (!name.startsWith("..") && !data.containsKey(name)) {
                        Files.delete(entry);
                    }
                }
            }
            if (previous != null) {
                delete(previous);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the secret volume " + dir, e);
        }
    }

    /** {@link #write(Map)} of text values. */
    public void writeText(Map<String, String> data) {
        write(data.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue().getBytes(StandardCharsets.UTF_8))));
    }

    private static void delete(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
