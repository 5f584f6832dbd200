package dev.otlp.runtime.export;

import dev.otlp.runtime.telemetry.RuntimeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether exports get through, as the last attempts tell: delivering, unreachable (retryable
 * failures: the upstream is down, restarting or throttling) or blocked (the upstream refuses this
 * runtime: wrong credentials, permissions, address or TLS). Blocked and unreachable are logged
 * once per change, exposed as {@code otlp_export_blocked{reason}} and
 * {@code otlp_upstream_reachable}, and a blocked upstream makes {@code /ready} answer 503.
 */
public final class UpstreamHealth {

    private static final Logger log = LoggerFactory.getLogger(UpstreamHealth.class);

    /** Why the upstream refuses every export, whatever the data. */
    public enum BlockReason {
        UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND, UNIMPLEMENTED, TLS;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The last thing the attempts said: null reason while exports get through. */
    private record State(BlockReason blocked, String unreachable, String message) {
        static final State DELIVERING = new State(null, null, null);

        String describe() {
            if (blocked != null) {
                return "upstream refuses exports (" + blocked.label() + "): " + message
                        + "; holding the data until this is fixed";
            }
            return unreachable == null ? "delivering" : "upstream unreachable (" + unreachable + "): " + message;
        }
    }

    /** Hears every attempt's outcome, as {@link FailoverUpstream} counts failures. */
    interface Listener {
        void succeeded();

        void failed();

        /** The upstream refuses this runtime: credentials, permissions, address or TLS. */
        void refused();
    }

    private static final Listener NOBODY = new Listener() {
        @Override
        public void succeeded() {
        }

        @Override
        public void failed() {
        }

        @Override
        public void refused() {
        }
    };

    private volatile State state = State.DELIVERING;
    /** Names the upstream in log lines when there are several, else empty. */
    private final String name;
    private volatile Listener listener = NOBODY;
    /** The active upstream's name and endpoint for {@code /ready}, once a failover names it; else null. */
    private volatile Map<String, String> active;

    /** The health the runtime reports: {@code otlp_export_blocked}, {@code otlp_upstream_reachable} and {@code /ready}. */
    public UpstreamHealth(RuntimeMetrics metrics) {
        this.name = "";
        for (BlockReason reason : BlockReason.values()) {
            metrics.exportBlockedGauge(reason.label(), () -> state.blocked() == reason);
        }
        metrics.upstreamReachableGauge(() -> state == State.DELIVERING);
    }

    /** One of several upstreams' health, named in its log lines, reported only while it is the active one. */
    UpstreamHealth(String name) {
        this.name = " " + name;
    }

    void listen(Listener listener) {
        this.listener = listener;
    }

    void delivered() {
        change(State.DELIVERING);
        listener.succeeded();
    }

    void blocked(BlockReason reason, String message) {
        change(new State(reason, null, message));
        listener.refused();
    }

    void unreachable(String reason, String message) {
        if (state.blocked() == null) {
            change(new State(null, reason, message));
        }
        listener.failed();
    }

    /** Reports what {@code member}, now the active upstream, says: quietly, since the member logs its own changes. */
    void follow(UpstreamHealth member, Map<String, String> named) {
        active = named;
        state = member.state;
    }

    /** Whether this upstream refuses this runtime now. */
    boolean isBlocked() {
        return state.blocked() != null;
    }

    private void change(State next) {
        if (state == next) {
            return;
        }
        State previous;
        synchronized (this) {
            previous = state;
            state = next;
        }
        if (sameKind(previous, next)) {
            return;
        }
        if (next.blocked() != null) {
            log.error("{}{}", name.isEmpty() ? "" : name.strip() + ": ", next.describe());
        } else if (next.unreachable() != null) {
            log.warn("{}{}; retrying and holding the data", name.isEmpty() ? "" : name.strip() + ": ", next.describe());
        } else {
            log.info("upstream{} takes exports again", name);
        }
    }

    private static boolean sameKind(State a, State b) {
        return a.blocked() == b.blocked() && Objects.equals(a.unreachable(), b.unreachable());
    }

    /** Why the runtime should get no traffic because of its upstream; empty unless blocked. */
    public List<String> notReadyReasons() {
        State current = state;
        return current.blocked() == null ? List.of() : List.of(current.describe());
    }

    /**
     * The upstream's state for the {@code /ready} body: {@code state}, and {@code reason} and {@code message}
     * unless delivering; with secondary upstreams also {@code active} (primary, failover-1...) and its {@code endpoint}.
     */
    public Map<String, String> snapshot() {
        State current = state;
        Map<String, String> snapshot = new LinkedHashMap<>();
        if (current.blocked() != null) {
            snapshot.put("state", "blocked");
            snapshot.put("reason", current.blocked().label());
        } else if (current.unreachable() != null) {
            snapshot.put("state", "unreachable");
            snapshot.put("reason", current.unreachable());
        } else {
            snapshot.put("state", "delivering");
        }
        if (current.message() != null) {
            snapshot.put("message", current.message());
        }
        Map<String, String> named = active;
        if (named != null) {
            snapshot.put("active", named.get("active"));
            snapshot.put("endpoint", named.get("endpoint"));
        }
        return snapshot;
    }
}
