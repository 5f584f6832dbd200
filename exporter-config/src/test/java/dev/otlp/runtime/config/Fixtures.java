package dev.otlp.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/** The design seed's example files, copied verbatim into src/test/resources. */
final class Fixtures {

    static final String BASIC = "config.toml";
    static final String ADVANCED = "advanced-config.toml";
    static final String TLS = "tls-config.toml";
    static final String AUTH = "auth-config.toml";

    private Fixtures() {
    }

    static Path path(String resource) {
        try {
            return Path.of(Fixtures.class.getResource("/" + resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads a fixture, expecting no load problems. */
    static RuntimeConfig load(String resource, Map<String, String> env) {
        ConfigLoadResult result = ConfigLoader.load(path(resource), env);
        assertThat(result.problems()).isEmpty();
        return result.config();
    }

    static RuntimeConfig load(String resource) {
        return load(resource, Map.of());
    }

    /** Loads TOML text, expecting no load problems. */
    static RuntimeConfig fromToml(String toml) {
        ConfigLoadResult result = ConfigLoader.fromToml(toml, "test.toml", Map.of());
        assertThat(result.problems()).isEmpty();
        return result.config();
    }
}
