package dev.otlp.runtime.config;

/**
 * {@code [queue] persistent, directory, max_disk_bytes, sync}: the queue as an append-only
 * segment log on disk, so that acknowledged data survives the death of the process.
 *
 * @param maxDiskBytes what the log may take on disk; past it new data is refused with a retryable status
 * @param sync         when an appended request counts as stored, and so may be acknowledged
 */
public record PersistenceConfig(boolean enabled, String directory, long maxDiskBytes, Sync sync) {

    public static final long DEFAULT_MAX_DISK_BYTES = 1L << 30;

    public static PersistenceConfig off() {
        return new PersistenceConfig(false, null, DEFAULT_MAX_DISK_BYTES, Sync.WRITE);
    }

    public enum Sync {
        /** Written to the kernel's page cache: survives any death of the process, not of the node. */
        WRITE("write"),
        /** Forced to the device: survives a node crash too; concurrent requests share one fsync. */
        FSYNC("fsync");

        private final String key;

        Sync(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
