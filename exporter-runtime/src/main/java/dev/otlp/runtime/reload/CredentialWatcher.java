package dev.otlp.runtime.reload;

import dev.otlp.runtime.telemetry.RuntimeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the credentials a configuration references current: every {@link Reloadable} it hands out
 * is checked when its directory reports a change and every 2 s besides, since a Kubernetes
 * Secret volume replaces its files by swapping a {@code ..data} symlink, which some file systems
 * do not report. A check reads the files and reloads only what changed, once it
 * stopped changing.
 */
public final class CredentialWatcher implements AutoCloseable {

    /** How often files are checked without a change event; a change takes effect within this, plus {@link Reloadable#SETTLE}. */
    private static final Duration PERIOD = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(CredentialWatcher.class);

    private final RuntimeMetrics metrics;
    private final List<Reloadable<?>> watched = new CopyOnWriteArrayList<>();
    private Thread thread;
    private WatchService events;

    /** @param metrics where reloads are counted */
    public CredentialWatcher(RuntimeMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Loads a value from {@code files} now and keeps it current once {@link #start()} has been called.
     *
     * @param setting the configuration key that names the files, for logs and {@code /ready}
     * @throws IOException              when a file cannot be read: start-up fails on files that do not load
     * @throws GeneralSecurityException when a file's content is not what it should be
     */
    public <T> Reloadable<T> watch(String setting, List<Path> files, Reloadable.Loader<T> loader)
            throws IOException, GeneralSecurityException {
        Reloadable<T> reloadable = Reloadable.load(setting, files, loader, metrics);
        watched.add(reloadable);
        return reloadable;
    }

    /** Why some files' current content is not in use (the previous content is): for {@code /ready}. */
    public List<String> failures() {
        return watched.stream().map(Reloadable::failure).flatMap(Optional::stream).toList();
    }

    /** Starts checking the files in the background. */
    public synchronized void start() throws IOException {
        if (watched.isEmpty() || thread != null) {
            return;
        }
        events = FileSystems.getDefault().newWatchService();
        Set<Path> directories = new HashSet<>();
        for (Reloadable<?> reloadable : watched) {
            reloadable.files().forEach(file -> directories.add(file.toAbsolutePath().getParent()));
        }
        for (Path directory : directories) {
            if (directory != null && Files.isDirectory(directory)) {
                directory.register(events, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
        thread = new Thread(this::run, "otlp-credential-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = events.poll(PERIOD.toMillis(), TimeUnit.MILLISECONDS);
                while (key != null) {
                    key.pollEvents();
                    key.reset();
                    key = events.poll();
                }
                for (Reloadable<?> reloadable : watched) {
                    refresh(reloadable);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private static void refresh(Reloadable<?> reloadable) throws InterruptedException {
        try {
            reloadable.refresh();
        } catch (RuntimeException e) {
            log.warn("checking {} for changes failed", reloadable.files(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            events.close();
        } catch (IOException e) {
            log.debug("closing the watch service", e);
        }
    }
}
