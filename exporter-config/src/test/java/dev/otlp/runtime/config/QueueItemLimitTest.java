package dev.otlp.runtime.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A persistent queue is bounded by its disk budget, not by the memory queue's item count, unless max_items says so. */
class QueueItemLimitTest {

    private static final String PERSISTENT = """
            [queue]
            persistent = true
            directory = "/var/lib/otlp-queue"
            max_disk_bytes = "1GiB"
            """;

    @Test
    void aPersistentQueueHasNoItemLimitUnlessOneIsSet() {
        assertThat(Fixtures.fromToml(PERSISTENT).queue().maxItems()).isEqualTo(QueueConfig.UNBOUNDED_ITEMS);
        assertThat(Fixtures.fromToml("[performance]\nprofile = \"low-latency\"\n" + PERSISTENT).queue().maxItems())
                .isEqualTo(QueueConfig.UNBOUNDED_ITEMS);
    }

    @Test
    void anExplicitMaxItemsLimitsAPersistentQueueFromTheFileOrTheEnvironment() {
        assertThat(Fixtures.fromToml(PERSISTENT + "max_items = 250000\n").queue().maxItems()).isEqualTo(250_000);

        ConfigLoadResult fromEnv = ConfigLoader.fromToml(PERSISTENT, "test.toml", Map.of("QUEUE_MAX_ITEMS", "70000"));
        assertThat(fromEnv.problems()).isEmpty();
        assertThat(fromEnv.config().queue().maxItems()).isEqualTo(70_000);
    }

    @Test
    void aPersistentQueueTurnedOnFromTheEnvironmentHasNoItemLimitEither() {
        ConfigLoadResult fromEnv = ConfigLoader.fromToml("[queue]\ndirectory = \"/q\"\n", "test.toml",
                Map.of("QUEUE_PERSISTENT", "true"));
        assertThat(fromEnv.problems()).isEmpty();
        assertThat(fromEnv.config().queue().maxItems()).isEqualTo(QueueConfig.UNBOUNDED_ITEMS);
    }

    @Test
    void aMemoryQueueKeepsItsProfilesItemLimit() {
        assertThat(Fixtures.fromToml("").queue().maxItems()).isEqualTo(100_000);
        assertThat(Fixtures.fromToml("[performance]\nprofile = \"high-throughput\"\n").queue().maxItems()).isEqualTo(500_000);
    }

    @Test
    void theUnboundedLimitRendersAndReloadsAsItself() {
        RuntimeConfig persistent = Fixtures.fromToml(PERSISTENT);

        assertThat(Fixtures.fromToml(ConfigRenderer.render(persistent))).isEqualTo(persistent);
    }
}
