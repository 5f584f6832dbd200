package dev.otlp.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigRendererTest {

    private static RuntimeConfig reload(RuntimeConfig config) {
        ConfigLoadResult result = ConfigLoader.fromToml(ConfigRenderer.render(config), "rendered.toml", Map.of());
        assertThat(result.problems()).isEmpty();
        return result.config();
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void eachProfileRoundTrips(Profile profile) {
        RuntimeConfig config = RuntimeConfig.forProfile(profile);

        assertThat(reload(config)).isEqualTo(config);
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.BASIC, Fixtures.ADVANCED, Fixtures.TLS, Fixtures.AUTH})
    void theSeedsExamplesRoundTrip(String example) {
        RuntimeConfig config = Fixtures.load(example);

        assertThat(reload(config)).isEqualTo(config);
    }

    @Test
    void everyKindOfValueRoundTrips() {
        RuntimeConfig config = Fixtures.load(Fixtures.ADVANCED, Map.ofEntries(
                Map.entry("OTLP_HEADERS", "x-tenant=a,authorization=Bearer t==,x.odd key=\"quoted\" \\ value"),
                Map.entry("OTLP_TIMEOUT", "1500ms"),
                Map.entry("SERVICE_VERSION", "tab\there"),
                Map.entry("PERFORMANCE_PROFILE", "low-latency"),
                Map.entry("PERFORMANCE_MIN_COMPRESSION_SIZE", "1000"),
                Map.entry("AUTHENTICATION_AUTH_TYPE", "oauth2"),
                Map.entry("OAUTH2_CLIENT_ID", "client"),
                Map.entry("OAUTH2_CLIENT_SECRET_FILE", "/var/run/oauth"),
                Map.entry("OAUTH2_TOKEN_URL", "https://auth.example.com/token"),
                Map.entry("TLS_CIPHER_SUITES", "TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384"),
                Map.entry("RECEIVER_TLS_CERT_FILE", "/tls/tls.crt"),
                Map.entry("RECEIVER_TLS_KEY_FILE", "/tls/tls.key"),
                Map.entry("RECEIVER_API_KEY", "receiver-key"),
                Map.entry("RECEIVER_MAX_REQUEST_SIZE", "8MiB"),
                Map.entry("QUEUE_HIGH_WATER_MARK", "0.75"),
                Map.entry("QUEUE_DRAIN_TIMEOUT", "250us"),
                Map.entry("LOG_FORMAT", "text")));

        assertThat(reload(config)).isEqualTo(config);
    }

    @Test
    void writesEveryKeyInAStableOrder() {
        String rendered = ConfigRenderer.render(RuntimeConfig.forProfile(Profile.HIGH_THROUGHPUT));

        assertThat(ConfigRenderer.render(RuntimeConfig.forProfile(Profile.HIGH_THROUGHPUT))).isEqualTo(rendered);
        assertThat(rendered).containsSubsequence("[otlp]\nendpoint = \"debug\"\nprotocol = \"grpc\"\ntimeout = \"30s\"", "max_export_size = \"4MiB\"\n",
                "[performance]\nprofile = \"high-throughput\"\nenable_batching = true\nbatch_size = 500\n",
                "[authentication]\nenable_auth = false\nauth_type = \"none\"\napi_key_header = \"X-API-Key\"\n",
                "[receiver]\nhost = \"0.0.0.0\"\ngrpc_port = 4317\nhttp_port = 4318\nmax_request_size = \"16MiB\"\n",
                "[queue]\nmax_items = 500000\nmax_bytes = \"192MiB\"\nhigh_water_mark = 0.9\nshutdown_delay = \"5s\"\ndrain_timeout = \"49s\"\n");
        assertThat(rendered).doesNotContain("tls_cert_path", "null", "max_age", "persistent");
    }

    @Test
    void writesAPersistentQueueAndMaxAgeOnlyWhenSet() {
        RuntimeConfig base = RuntimeConfig.defaults();
        QueueConfig q = base.queue();
        RuntimeConfig persistent = new RuntimeConfig(base.otlp(), base.service(), base.performance(), base.authentication(),
                base.oauth2(), base.tls(), base.monitoring(), base.logging(), base.receiver(),
                new QueueConfig(q.maxItems(), q.maxBytes(), q.highWaterMark(), q.shutdownDelay(), q.drainTimeout(), Duration.ofHours(6),
                        new PersistenceConfig(true, "/var/lib/q", 2L << 30, PersistenceConfig.Sync.FSYNC)));

        String rendered = ConfigRenderer.render(persistent);

        assertThat(rendered).contains("max_age = \"6h\"\npersistent = true\ndirectory = \"/var/lib/q\"\n"
                + "max_disk_bytes = \"2GiB\"\nsync = \"fsync\"\n");
        assertThat(reload(persistent)).isEqualTo(persistent);
    }
}
