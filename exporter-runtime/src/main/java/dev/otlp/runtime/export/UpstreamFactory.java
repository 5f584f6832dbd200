package dev.otlp.runtime.export;

import dev.otlp.runtime.config.AuthenticationConfig.AuthType;
import dev.otlp.runtime.config.SecondaryUpstream;
import dev.otlp.runtime.config.RuntimeConfig;
import dev.otlp.runtime.config.UpstreamConfig;
import dev.otlp.runtime.reload.CredentialWatcher;
import dev.otlp.runtime.telemetry.RuntimeMetrics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Builds the {@link Upstream} that {@code [otlp]} describes. */
public final class UpstreamFactory {

    /** The {@code upstream} label of {@code [otlp]}'s endpoint; the secondaries are {@code failover-1}, {@code failover-2}... */
    public static final String PRIMARY = "primary";

    private UpstreamFactory() {
    }

    /**
     * The debug upstream for endpoint {@code debug}, else OTLP/gRPC or OTLP/HTTP with retries (with
     * {@code [[otlp.failover]]} tables, one per upstream behind a {@link FailoverUpstream}),
     * reporting whether exports get through to {@code health}. The credential files it reads are
     * reloaded by {@code watcher} once started.
     *
     * @throws IllegalArgumentException    when the endpoint, TLS material or credentials are invalid
     * @throws java.io.UncheckedIOException when a key, certificate or secret file cannot be read
     */
    public static Upstream create(RuntimeConfig config, RuntimeMetrics metrics, UpstreamHealth health,
                                  CredentialWatcher watcher) {
        if (config.otlp().isDebug()) {
            metrics.upstreamActiveGauge(PRIMARY, () -> true);
            return new DebugUpstream(config.performance(), metrics);
        }
        if (!config.failover().enabled()) {
            metrics.upstreamActiveGauge(PRIMARY, () -> true);
            return retrying(config, metrics, health, watcher, "otlp-export-retry");
        }
        List<FailoverUpstream.Member> members = new ArrayList<>();
        try {
            members.add(member(PRIMARY, config, metrics, watcher));
            List<SecondaryUpstream> secondaries = config.failover().upstreams();
            for (int i = 0; i < secondaries.size(); i++) {
                members.add(member("failover-" + (i + 1), config.withUpstream(secondaries.get(i)), metrics, watcher));
            }
        } catch (RuntimeException invalid) {
            members.forEach(member -> member.upstream().close());
            throw invalid;
        }
        return new FailoverUpstream(members, config.failover(), health, metrics, daemonScheduler("otlp-failback-probe"));
    }

    private static FailoverUpstream.Member member(String name, RuntimeConfig config, RuntimeMetrics metrics,
                                                  CredentialWatcher watcher) {
        UpstreamHealth health = new UpstreamHealth(name);
        return new FailoverUpstream.Member(name, config.otlp().displayEndpoint(),
                retrying(config, metrics, health, watcher, "otlp-export-retry-" + name), health);
    }

    private static RetryingUpstream retrying(RuntimeConfig config, RuntimeMetrics metrics, UpstreamHealth health,
                                             CredentialWatcher watcher, String threadName) {
        UpstreamConfig otlp = config.otlp();
        OAuth2TokenSource tokens = config.authentication().effectiveType() == AuthType.OAUTH2
                ? new OAuth2TokenSource(config.oauth2(), OAuth2TokenSource.clientSecret(config.oauth2(), watcher), otlp.timeout())
                : null;
        RequestHeaders headers = RequestHeaders.from(config, tokens, watcher);
        Transport transport = switch (otlp.protocol()) {
            case GRPC -> new GrpcTransport(config, metrics, watcher);
            case HTTP -> new HttpTransport(config, metrics, Clock.systemUTC(), watcher);
        };
        return new RetryingUpstream(transport, otlp.retryAttempts(), new Backoff(otlp.retryDelay(), otlp.maxRetryDelay()),
                metrics, health, daemonScheduler(threadName), headers);
    }

    private static ScheduledExecutorService daemonScheduler(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }
}
