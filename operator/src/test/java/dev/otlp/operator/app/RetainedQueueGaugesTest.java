package dev.otlp.operator.app;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterStatus;
import dev.otlp.operator.api.RetainedQueueStatus;
import dev.otlp.operator.testing.Exporters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The retained-queue series follow each exporter as the cache stores it: one per claim its status names, no more. */
class RetainedQueueGaugesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RetainedQueueGauges gauges = new RetainedQueueGauges(registry);

    @Test
    void followsTheClaimsAStatusNamesAsItChanges() {
        gauges.stored("observability/gateway", gateway(claim("queue-gateway-2", 700), claim("queue-gateway-3", 300)));
        gauges.stored("other/gateway", exporter("other", "gateway", claim("queue-gateway-1", 5)));
        assertThat(bytesByClaim()).containsOnly(entry("observability/queue-gateway-2", 700.0),
                entry("observability/queue-gateway-3", 300.0), entry("other/queue-gateway-1", 5.0));

        gauges.stored("observability/gateway", gateway(claim("queue-gateway-2", 900)));
        assertThat(bytesByClaim()).as("replica 3 replayed its claim; replica 2 stopped again with more")
                .containsOnly(entry("observability/queue-gateway-2", 900.0), entry("other/queue-gateway-1", 5.0));

        gauges.stored("observability/gateway", gateway());
        gauges.removed("other/gateway");
        assertThat(registry.find(RetainedQueueGauges.NAME).gauges()).isEmpty();
    }

    @Test
    void registersNothingForExportersWithoutRetainedQueues() {
        gauges.stored("observability/gateway", gateway());
        gauges.stored("observability/plain", Exporters.minimal("observability", "plain"));
        gauges.removed("observability/gone");

        assertThat(registry.getMeters()).isEmpty();
    }

    /** By {@code exporter_namespace/claim}. */
    private Map<String, Double> bytesByClaim() {
        return registry.find(RetainedQueueGauges.NAME).gauges().stream().collect(Collectors.toMap(
                gauge -> gauge.getId().getTag(RetainedQueueGauges.EXPORTER_NAMESPACE) + "/"
                        + gauge.getId().getTag(RetainedQueueGauges.CLAIM), Gauge::value));
    }

    private static OtlpExporter gateway(RetainedQueueStatus... retained) {
        return exporter("observability", "gateway", retained);
    }

    private static OtlpExporter exporter(String namespace, String name, RetainedQueueStatus... retained) {
        OtlpExporter exporter = Exporters.minimal(namespace, name);
        OtlpExporterStatus status = new OtlpExporterStatus();
        status.setRetainedQueues(retained.length == 0 ? null : Arrays.asList(retained));
        exporter.setStatus(status);
        return exporter;
    }

    private static RetainedQueueStatus claim(String claim, long bytes) {
        RetainedQueueStatus status = new RetainedQueueStatus();
        status.setClaim(claim);
        status.setPod(claim.substring("queue-".length()));
        status.setBytes(bytes);
        status.setItems(bytes / 10);
        return status;
    }
}
