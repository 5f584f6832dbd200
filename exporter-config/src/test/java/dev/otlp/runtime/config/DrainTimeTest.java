package dev.otlp.runtime.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default drain timeout covers a full queue at a tenth of its profile's measured export rate, plus one export
 * timeout, between 20 s and 5 min: {@code otlp.timeout + 10 × max(max_items / items_per_s, bytes / (449 B × items_per_s))}.
 */
class DrainTimeTest {

    @Test
    void eachProfilesFullMemoryQueueGetsTimeToDrainAfterOneExportTimeout() {
        // balanced: 48 MiB at 51,800 spans/s of 449 B is 2.2 s, above 100,000 items (1.9 s)
        assertThat(drainOf("")).isEqualTo(Duration.ofSeconds(30 + 3));
        // high-throughput: 500,000 items at 27,200 spans/s is 18.4 s, above 192 MiB (16.5 s)
        assertThat(drainOf("[performance]\nprofile = \"high-throughput\"\n")).isEqualTo(Duration.ofSeconds(30 + 19));
        // low-latency: 16 MiB at 16,000 spans/s of 449 B is 2.3 s
        assertThat(drainOf("[performance]\nprofile = \"low-latency\"\n")).isEqualTo(Duration.ofSeconds(30 + 3));
    }

    @Test
    void aLargerQueueOrALongerExportTimeoutGetsALongerDrain() {
        assertThat(drainOf("[queue]\nmax_items = 1000000\nmax_bytes = \"512MiB\"\n"))
                .as("1,000,000 items at 51,800/s: 19.3 s; 512 MiB at 23.3 MB/s: 23.1 s").isEqualTo(Duration.ofSeconds(30 + 24));
        assertThat(drainOf("[otlp]\ntimeout = \"60s\"\n")).isEqualTo(Duration.ofSeconds(60 + 3));
    }

    @Test
    void aPersistentQueueIsSizedByItsDiskBudgetAndCappedAtFiveMinutes() {
        String persistent = "[queue]\npersistent = true\ndirectory = \"/q\"\n";
        assertThat(drainOf(persistent + "max_disk_bytes = \"1GiB\"\n")).as("1 GiB at 23.3 MB/s: 46.2 s")
                .isEqualTo(Duration.ofSeconds(30 + 47));
        assertThat(drainOf(persistent + "max_disk_bytes = \"20GiB\"\n")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aSmallQueueStillGetsTwentySeconds() {
        assertThat(drainOf("[otlp]\ntimeout = \"2s\"\n[queue]\nmax_items = 1000\nmax_bytes = \"1MiB\"\n"))
                .isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void anExplicitDrainTimeoutWins() {
        assertThat(drainOf("[queue]\ndrain_timeout = \"7s\"\nmax_items = 1000000\n")).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void theProfilesDefaultsAreTheAssembledOnes() {
        for (Profile profile : Profile.values()) {
            assertThat(RuntimeConfig.forProfile(profile).queue().drainTimeout())
                    .isEqualTo(drainOf("[performance]\nprofile = \"" + profile.key() + "\"\n"));
        }
    }

    private static Duration drainOf(String toml) {
        return Fixtures.fromToml(toml).queue().drainTimeout();
    }
}
