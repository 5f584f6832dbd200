package dev.otlp.operator.model;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.api.TuningProfile;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * CPU and memory of the exporter container. The profile supplies them unless {@code spec.resources}
 * is set, which then replaces them as a whole.
 *
 * <p>Memory follows the profile's queue bound (16, 48 and 192 MiB of held data) plus the JVM's own
 * footprint; low-latency asks for more CPU than its traffic needs so that it is not throttled.
 */
public final class ProfileResources {

    private ProfileResources() {
    }

    public static ResourceRequirements of(OtlpExporter exporter) {
        return Optional.ofNullable(exporter.getSpec())
                .map(OtlpExporterSpec::getResources)
                .orElseGet(() -> forProfile(ExporterConfig.effectiveProfile(exporter)));
    }

    public static ResourceRequirements forProfile(TuningProfile profile) {
        return switch (profile) {
            case LOW_LATENCY -> requirements("500m", "256Mi", "1", "384Mi");
            case BALANCED -> requirements("250m", "384Mi", "1", "512Mi");
            case HIGH_THROUGHPUT -> requirements("1", "768Mi", "2", "1Gi");
        };
    }

    private static ResourceRequirements requirements(String cpuRequest, String memoryRequest,
                                                     String cpuLimit, String memoryLimit) {
        return new ResourceRequirementsBuilder()
                .withRequests(cpuAndMemory(cpuRequest, memoryRequest))
                .withLimits(cpuAndMemory(cpuLimit, memoryLimit))
                .build();
    }

    private static Map<String, Quantity> cpuAndMemory(String cpu, String memory) {
        Map<String, Quantity> quantities = new TreeMap<>();
        quantities.put("cpu", new Quantity(cpu));
        quantities.put("memory", new Quantity(memory));
        return quantities;
    }
}
