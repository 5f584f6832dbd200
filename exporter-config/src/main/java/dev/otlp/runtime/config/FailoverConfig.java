package dev.otlp.runtime.config;

import java.time.Duration;
import java.util.List;

/**
 * Secondary upstreams, tried in order when the primary fails, and when to switch.
 *
 * @param failoverAfter         consecutive failed attempts on the active upstream after which the runtime switches
 * @param failbackProbeInterval how often the primary is probed while a secondary is active
 * @param upstreams             the {@code [[otlp.failover]]} tables, in order; empty: no failover
 */
public record FailoverConfig(int failoverAfter, Duration failbackProbeInterval, List<SecondaryUpstream> upstreams) {

    public FailoverConfig {
        upstreams = List.copyOf(upstreams);
    }

    public static FailoverConfig defaults() {
        return new FailoverConfig(3, Duration.ofSeconds(30), List.of());
    }

    public boolean enabled() {
        return !upstreams.isEmpty();
    }
}
