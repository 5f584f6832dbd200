package dev.otlp.runtime.config;

/**
 * The exporter runtime's whole configuration, one record per TOML section of the design seed
 * plus {@code [receiver]} and {@code [queue]}. Immutable; built by {@link ConfigLoader} from
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
        QueueConfig queue) {

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
                profile.queue());
    }
}
