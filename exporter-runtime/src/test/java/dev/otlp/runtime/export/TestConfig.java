package dev.otlp.runtime.export;

import dev.otlp.runtime.reload.CredentialWatcher;
import dev.otlp.runtime.config.AuthenticationConfig;
import dev.otlp.runtime.config.OAuth2Config;
import dev.otlp.runtime.config.PerformanceConfig;
import dev.otlp.runtime.config.PerformanceConfig.Compression;
import dev.otlp.runtime.config.Profile;
import dev.otlp.runtime.config.RuntimeConfig;
import dev.otlp.runtime.config.TlsConfig;
import dev.otlp.runtime.config.UpstreamConfig;
import dev.otlp.runtime.config.UpstreamConfig.Protocol;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import dev.otlp.runtime.testing.TestUpstream;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Builds a {@link RuntimeConfig} for one test, starting from the balanced profile. */
final class TestConfig {

    String endpoint;
    Protocol protocol;
    Duration timeout = Duration.ofSeconds(10);
    int retryAttempts = 3;
    Duration retryDelay = Duration.ofMillis(20);
    Duration maxRetryDelay = Duration.ofMillis(200);
    Map<String, String> headers = new HashMap<>();
    Compression compression = Compression.ZSTD;
    long minCompressionSize = 1024;
    int minConnections = 1;
    int maxConnections = 4;
    Duration maxLifetime = Duration.ofMinutes(5);
    AuthenticationConfig authentication = AuthenticationConfig.defaults();
    OAuth2Config oauth2 = OAuth2Config.defaults();
    TlsConfig tls = TlsConfig.defaults();

    TestConfig(String endpoint, Protocol protocol) {
        this.endpoint = endpoint;
        this.protocol = protocol;
    }

    /** Exporting to the test upstream's endpoint for {@code protocol}. */
    static TestConfig sendingTo(TestUpstream server, Protocol protocol) {
        return new TestConfig(protocol == Protocol.GRPC ? server.grpcEndpoint() : server.httpEndpoint(), protocol);
    }

    /** An upstream built from this configuration, with metrics of its own. */
    Upstream upstream() {
        RuntimeMetrics metrics = new RuntimeMetrics();
        return upstream(metrics, new CredentialWatcher(metrics));
    }

    /** An upstream built from this configuration, whose credential files {@code watcher} reloads once started. */
    Upstream upstream(RuntimeMetrics metrics, CredentialWatcher watcher) {
        return UpstreamFactory.create(build(), metrics, new UpstreamHealth(metrics), watcher);
    }

    RuntimeConfig build() {
        RuntimeConfig base = RuntimeConfig.forProfile(Profile.BALANCED);
        PerformanceConfig p = base.performance();
        PerformanceConfig performance = new PerformanceConfig(p.profile(), p.enableBatching(), p.batchSize(),
                p.batchTimeout(), p.maxBatchSize(), p.enableAdaptiveBatching(), compression != Compression.NONE,
                compression == Compression.NONE ? Compression.ZSTD : compression, 3, minCompressionSize, true,
                maxConnections, minConnections, Duration.ofSeconds(5), Duration.ofSeconds(60), maxLifetime);
        UpstreamConfig otlp = new UpstreamConfig(endpoint, protocol, timeout, retryAttempts, retryDelay, maxRetryDelay, headers);
        return new RuntimeConfig(otlp, base.service(), performance, authentication, oauth2, tls, base.monitoring(),
                base.logging(), base.receiver(), base.queue());
    }
}
