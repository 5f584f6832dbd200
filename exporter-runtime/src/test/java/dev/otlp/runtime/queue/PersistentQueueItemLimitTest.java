package dev.otlp.runtime.queue;

import dev.otlp.runtime.config.ConfigLoadResult;
import dev.otlp.runtime.config.ConfigLoader;
import dev.otlp.runtime.config.QueueConfig;
import dev.otlp.runtime.otlp.Signal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A persistent queue opened from its config: its disk budget refuses data, not the memory queue's item count. */
class PersistentQueueItemLimitTest {

    private static final int ITEMS_PER_REQUEST = 1000;
    private static final long DISK_BUDGET = 2 << 20;

    @TempDir
    Path dir;
    private DiskQueue queue;

    @AfterEach
    void close() {
        if (queue != null) {
            queue.close();
        }
    }

    private DiskQueue openFrom(String extraQueueKeys) throws IOException {
        ConfigLoadResult loaded = ConfigLoader.fromToml("""
                [queue]
                persistent = true
                directory = "%s"
                max_disk_bytes = "2MiB"
                """.formatted(dir) + extraQueueKeys, "test.toml", Map.of());
        assertThat(loaded.problems()).isEmpty();
        QueueConfig config = loaded.config().queue();
        queue = DiskQueue.open(config.persistence(), config.maxItems(), (signal, items) -> { });
        return queue;
    }

    /** Offers requests of many small items until one is refused; returns the items accepted. */
    private static long fill(DiskQueue queue) {
        long accepted = 0;
        while (queue.offer(List.of(new Payload(Signal.TRACES, new byte[200], ITEMS_PER_REQUEST))) == Admission.ACCEPTED) {
            accepted += ITEMS_PER_REQUEST;
        }
        return accepted;
    }

    @Test
    void withoutMaxItemsAcceptsMoreThanTheMemoryQueuesLimitAndRefusesAtTheDiskBudget() throws IOException {
        DiskQueue queue = openFrom("");

        long accepted = fill(queue);

        assertThat(accepted).isGreaterThan(100_000);
        assertThat(queue.bytes()).isGreaterThan(DISK_BUDGET - 2 * (200 + RecordFormat.HEADER_BYTES)).isLessThanOrEqualTo(DISK_BUDGET);
    }

    @Test
    void withMaxItemsSetRefusesAtThatLimit() throws IOException {
        DiskQueue queue = openFrom("max_items = 50000\n");

        long accepted = fill(queue);

        assertThat(accepted).isEqualTo(50_000);
        assertThat(queue.bytes()).isLessThan(DISK_BUDGET / 2);
    }
}
