package dev.otlp.runtime.export;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointTest {

    @Test
    void usesTheSchemesDefaultPortWhenTheEndpointNamesNone() {
        assertThat(Endpoint.parse("https://api.vendor.example", false).authority()).isEqualTo("api.vendor.example:443");
        assertThat(Endpoint.parse("http://collector", false).authority()).isEqualTo("collector:80");
    }

    @Test
    void keepsAnExplicitPortAndPath() {
        Endpoint endpoint = Endpoint.parse("https://collector.example.com:4318/otlp", false);

        assertThat(endpoint.tls()).isTrue();
        assertThat(endpoint.authority()).isEqualTo("collector.example.com:4318");
        assertThat(endpoint.path()).isEqualTo("/otlp");
    }

    @Test
    void turnsTlsOnForAPlainEndpointWhenTlsIsEnabled() {
        assertThat(Endpoint.parse("http://collector:4317", true).tls()).isTrue();
    }
}
