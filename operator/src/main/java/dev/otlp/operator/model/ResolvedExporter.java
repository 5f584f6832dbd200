package dev.otlp.operator.model;

import dev.otlp.operator.api.ExporterMode;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.api.TuningProfile;
import dev.otlp.runtime.config.RuntimeConfig;

import java.util.Optional;

/**
 * An OtlpExporter with every default resolved, once, as Strimzi's model classes resolve their resource
 * ({@code KafkaCluster.fromCrd}): what the renderers, the dependents' conditions, the status and the sidecar
 * injection read instead of the resource. Each default is decided by one static that the validation calls too:
 * the mode by {@link WorkloadKind#mode} and {@link WorkloadKind#of}, the profile by
 * {@link ExporterConfig#effectiveProfile}, the resources by {@link ProfileResources#of}, the mounts by
 * {@link SecretMounts#of}, the queue by {@link QueueStorage}; the rest by the small records it holds.
 *
 * @param mode                    {@code spec.mode}, deployment when unset
 * @param workloadKind            what runs the pods: the mode, with a queue on claims implying a StatefulSet
 * @param profile                 {@code spec.profile}, balanced when unset
 * @param config                  the runtime configuration its ConfigMap holds, as loaded from the spec
 * @param networkPolicy           present when {@code spec.networkPolicy.enabled}
 * @param generatesReceiverTls    whether the operator issues the receivers' certificate ({@code receiver.tls.generate})
 * @param generatesReceiverApiKey whether the operator keeps the receivers' API key ({@code receiver.auth.apiKey.generate})
 */
public record ResolvedExporter(String name, String namespace, ExporterMode mode, WorkloadKind workloadKind,
                               TuningProfile profile, RuntimeConfig config, RuntimePods pods, Scaling scaling,
                               Optional<NetworkAccess> networkPolicy, Monitoring monitoring,
                               boolean generatesReceiverTls, boolean generatesReceiverApiKey) {

    /**
     * @param config       the configuration loaded from the resource ({@link ExporterConfig}), which must be valid
     * @param defaultImage the runtime image for an exporter whose spec names none
     */
    public static ResolvedExporter of(OtlpExporter exporter, RuntimeConfig config, String defaultImage) {
        OtlpExporterSpec spec = Optional.ofNullable(exporter.getSpec()).orElseGet(OtlpExporterSpec::new);
        WorkloadKind workloadKind = WorkloadKind.of(exporter);
        RuntimePods pods = RuntimePods.of(exporter, spec, defaultImage);
        return new ResolvedExporter(exporter.getMetadata().getName(), exporter.getMetadata().getNamespace(),
                WorkloadKind.mode(exporter), workloadKind, ExporterConfig.effectiveProfile(exporter), config,
                pods, Scaling.of(spec, workloadKind), NetworkAccess.of(spec),
                Monitoring.of(spec, pods.resources()), ExporterFeatures.generatesReceiverTls(exporter),
                ExporterFeatures.generatesReceiverApiKey(exporter));
    }

    /** Where applications in the cluster send OTLP/gRPC: {@code X.ns.svc:4317}. */
    public String serviceEndpoint() {
        return ResourceNames.serviceEndpoint(name, namespace);
    }
}
