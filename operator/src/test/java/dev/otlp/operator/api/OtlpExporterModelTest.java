package dev.otlp.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class OtlpExporterModelTest {

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    @Test
    void readsTheNamesUsersWrite() {
        OtlpExporter exporter = serialization.unmarshal("""
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata: {name: gateway}
                spec:
                  profile: low-latency
                  upstream:
                    endpoint: https://collector:4317
                    protocol: http
                    tls: {minVersion: "1.3"}
                    auth: {type: apiKey, apiKey: {secretRef: {name: k, key: api-key}}}
                  compression: {algorithm: gzip, minSize: 2Ki}
                  queue: {maxBytes: 1048576}
                  logging: {level: warn, format: text}
                """, OtlpExporter.class);

        OtlpExporterSpec spec = exporter.getSpec();
        assertThat(spec.getProfile()).isEqualTo(TuningProfile.LOW_LATENCY);
        assertThat(spec.getUpstream().getProtocol()).isEqualTo(UpstreamProtocol.HTTP);
        assertThat(spec.getUpstream().getTls().getMinVersion()).isEqualTo(TlsVersion.TLS_1_3);
        assertThat(spec.getUpstream().getAuth().getType()).isEqualTo(UpstreamAuthType.API_KEY);
        assertThat(spec.getUpstream().getAuth().getApiKey().getSecretRef().getKey()).isEqualTo("api-key");
        assertThat(spec.getCompression().getAlgorithm()).isEqualTo(CompressionAlgorithm.GZIP);
        assertThat(spec.getCompression().getMinSize().getStrVal()).isEqualTo("2Ki");
        assertThat(spec.getQueue().getMaxBytes().getIntVal()).isEqualTo(1048576);
        assertThat(spec.getLogging().getLevel()).isEqualTo(LogLevel.WARN);
        assertThat(spec.getLogging().getFormat()).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void writesOnlyTheFieldsThatAreSetUnderTheirUserNames() {
        OtlpExporterSpec spec = new OtlpExporterSpec();
        spec.setProfile(TuningProfile.HIGH_THROUGHPUT);
        UpstreamSpec upstream = new UpstreamSpec();
        upstream.setEndpoint("http://collector:4317");
        spec.setUpstream(upstream);

        assertThat(serialization.asJson(spec))
                .isEqualTo("{\"profile\":\"high-throughput\",\"upstream\":{\"endpoint\":\"http://collector:4317\"}}");
    }

    @Test
    void unknownFieldsAreIgnoredAsAnApiServerPrunesThem() {
        OtlpExporter exporter = serialization.unmarshal("""
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata: {name: gateway}
                spec:
                  upstream: {endpoint: "http://collector:4317", endpiont: typo}
                  batching: {maxsize: 10}
                status:
                  somethingOld: true
                """, OtlpExporter.class);

        assertThat(exporter.getSpec().getUpstream().getEndpoint()).isEqualTo("http://collector:4317");
        assertThat(exporter.getSpec().getBatching().getMaxSize()).isNull();
    }

    @Test
    void readsASpecTheModelCannotHoldAsAnUnreadableOneAndWritesItBackAsStored() {
        String json = "{\"apiVersion\":\"otlp.dev/v1alpha1\",\"kind\":\"OtlpExporter\",\"metadata\":{\"name\":\"x\"},"
                + "\"spec\":{\"upstream\":{\"endpoint\":\"http://c:4317\"},\"batching\":{\"size\":99999999999}}}";
        OtlpExporter exporter = serialization.unmarshal(json, OtlpExporter.class);

        assertThat(exporter.getSpec().unreadable()).hasValueSatisfying(unreadable -> assertThat(unreadable.fields())
                .containsExactly(new OtlpExporterSpec.Unreadable.Field("spec.batching.size",
                        "99999999999 is out of range: at most 2147483647")));
        assertThat(exporter.getSpec().getUpstream().getEndpoint()).as("the fields it can read").isEqualTo("http://c:4317");
        assertThat(serialization.asJson(exporter)).contains("\"batching\":{\"size\":99999999999}");
        assertThat(serialization.unmarshal(serialization.asJson(exporter), OtlpExporter.class).getSpec().unreadable())
                .as("a copy reads the same").isPresent();
    }
}
