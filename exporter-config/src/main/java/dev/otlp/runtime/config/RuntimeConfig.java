package dev.otlp.runtime.config;

/**
 * The exporter runtime's whole configuration, one record per TOML section of the design seed
 * plus {@code [receiver]} and {@code [queue]}, and the
 * {@code [[otlp.failover]]} upstreams. Immutable; built by {@link ConfigLoader} from
 * profile defaults, a TOML file and environment variables, and checked by {@link ConfigValidator}.
 */
public record RuntimeConfig(
        UpstreamConfig otlp,
        ServiceConfig service,
        PerformanceConfig performance,
        AuthenticationConfig authentication,
        OAuth2Config oauth2,
        TlsConfig tls,
        MonitoringConfig monitoring,
        LoggingConfig logging,
        ReceiverConfig receiver,
        QueueConfig queue,
        FailoverConfig failover) {

    /** A configuration without secondary upstreams. */
    public RuntimeConfig(UpstreamConfig otlp, ServiceConfig service, PerformanceConfig performance,
                         AuthenticationConfig authentication, OAuth2Config oauth2, TlsConfig tls, MonitoringConfig monitoring,
                         LoggingConfig logging, ReceiverConfig receiver, QueueConfig queue) {
        this(otlp, service, performance, authentication, oauth2, tls, monitoring, logging, receiver, queue,
                FailoverConfig.defaults());
    }

    /** This configuration sending to {@code upstream} instead of the primary: how a secondary upstream is built and checked. */
    public RuntimeConfig withUpstream(SecondaryUpstream upstream) {
        return new RuntimeConfig(upstream.otlp(), service, performance, upstream.authentication(), upstream.oauth2(),
                upstream.tls(), monitoring, logging, receiver, queue, failover);
    }

    /** The embedded default: the balanced profile, forwarding to the {@code debug} upstream. */
    public static RuntimeConfig defaults() {
        return forProfile(Profile.BALANCED);
    }

    public static RuntimeConfig forProfile(Profile profile) {
        return new RuntimeConfig(
                UpstreamConfig.defaults(),
                ServiceConfig.defaults(),
                profile.performance(),
                AuthenticationConfig.defaults(),
                OAuth2Config.defaults(),
                TlsConfig.defaults(),
                MonitoringConfig.defaults(),
                LoggingConfig.defaults(),
                ReceiverConfig.defaults(),
                profile.queue(),
                FailoverConfig.defaults());
    }
}
