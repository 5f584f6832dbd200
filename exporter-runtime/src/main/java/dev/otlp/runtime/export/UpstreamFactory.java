package dev.otlp.runtime.export;

import dev.otlp.runtime.config.AuthenticationConfig.AuthType;
import dev.otlp.runtime.config.RuntimeConfig;
import dev.otlp.runtime.config.UpstreamConfig;
import dev.otlp.runtime.reload.CredentialWatcher;
import dev.otlp.runtime.telemetry.RuntimeMetrics;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Builds the {@link Upstream} that {@code [otlp]} describes. */
public final class UpstreamFactory {

    private UpstreamFactory() {
    }

    /**
     * The debug upstream for endpoint {@code debug}, else OTLP/gRPC or OTLP/HTTP with retries,
     * reporting whether exports get through to {@code health}. The credential files it reads are
     * reloaded by {@code watcher} once started.
     *
     * @throws IllegalArgumentException    when the endpoint, TLS material or credentials are invalid
     * @throws java.io.UncheckedIOException when a key, certificate or secret file cannot be read
     */
    public static Upstream create(RuntimeConfig config, RuntimeMetrics metrics, UpstreamHealth health,
                                  CredentialWatcher watcher) {
        UpstreamConfig otlp = config.otlp();
        if (otlp.isDebug()) {
            return new DebugUpstream(config.performance(), metrics);
        }
        OAuth2TokenSource tokens = config.authentication().effectiveType() == AuthType.OAUTH2
                ? new OAuth2TokenSource(config.oauth2(), OAuth2TokenSource.clientSecret(config.oauth2(), watcher), otlp.timeout())
                : null;
        RequestHeaders headers = RequestHeaders.from(config, tokens, watcher);
        Transport transport = switch (otlp.protocol()) {
            case GRPC -> new GrpcTransport(config, metrics, watcher);
            case HTTP -> new HttpTransport(config, metrics, Clock.systemUTC(), watcher);
        };
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "otlp-export-retry");
            thread.setDaemon(true);
            return thread;
        });
        return new RetryingUpstream(transport, otlp.retryAttempts(), new Backoff(otlp.retryDelay(), otlp.maxRetryDelay()),
                metrics, health, scheduler, headers);
    }
}
