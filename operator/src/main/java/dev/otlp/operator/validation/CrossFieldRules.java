package dev.otlp.operator.validation;

import dev.otlp.operator.api.ApiPatterns;
import dev.otlp.operator.api.AutoscalingSpec;
import dev.otlp.operator.api.CompressionAlgorithm;
import dev.otlp.operator.api.CompressionSpec;
import dev.otlp.operator.api.DisruptionBudgetSpec;
import dev.otlp.operator.api.ExporterMode;
import dev.otlp.operator.api.MonitoringSpec;
import dev.otlp.operator.api.NetworkPolicySource;
import dev.otlp.operator.api.NetworkPolicySpec;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.api.QueuePersistenceSpec;
import dev.otlp.operator.api.QueuePersistenceType;
import dev.otlp.operator.api.QueueSpec;
import dev.otlp.operator.api.ReceiverApiKeySpec;
import dev.otlp.operator.api.ReceiverAuthSpec;
import dev.otlp.operator.api.ReceiverSpec;
import dev.otlp.operator.api.ReceiverTlsSpec;
import dev.otlp.operator.api.UpstreamAuthSpec;
import dev.otlp.operator.api.UpstreamAuthType;
import dev.otlp.operator.api.UpstreamSpec;
import dev.otlp.operator.model.SpecConfigTable;
import dev.otlp.operator.model.SpecProblem;
import dev.otlp.operator.model.WorkloadKind;
import dev.otlp.runtime.config.Sizes;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The spec's {@code @ValidationRule} (CEL) constraints, checked again in Java for API servers that
 * do not evaluate them. Each rule here has its CEL twin on the model class named in its comment, and
 * {@code CelTwinsTest} proves each pair equal, evaluating the CRD's rules with CEL-Java.
 * Rules between settings of the runtime (batch sizes, connection pool bounds, retry delays) are not
 * here: the runtime's own validator states them, and {@link SpecConfigTable} names their fields.
 */
final class CrossFieldRules {

    /** The mode that runs each workload, as the resource spells it in messages. */
    private static final Map<WorkloadKind, ExporterMode> MODES = Map.of(WorkloadKind.DEPLOYMENT, ExporterMode.DEPLOYMENT,
            WorkloadKind.STATEFUL_SET, ExporterMode.STATEFUL_SET, WorkloadKind.DAEMON_SET, ExporterMode.DAEMON_SET,
            WorkloadKind.SIDECAR, ExporterMode.SIDECAR);

    private final List<SpecProblem> problems;

    private CrossFieldRules(List<SpecProblem> problems) {
        this.problems = problems;
    }

    static void check(OtlpExporter exporter, List<SpecProblem> problems) {
        OtlpExporterSpec spec = exporter.getSpec();
        CrossFieldRules rules = new CrossFieldRules(problems);
        Optional.ofNullable(spec.getUpstream()).ifPresent(rules::upstream);
        Optional.ofNullable(spec.getCompression()).ifPresent(rules::compression);
        Optional.ofNullable(spec.getQueue()).map(QueueSpec::getMaxBytes).ifPresent(size -> rules.size(size, "spec.queue.maxBytes"));
        Optional.ofNullable(spec.getQueue()).map(QueueSpec::getPersistence).ifPresent(rules::persistence);
        Optional.ofNullable(spec.getReceiver()).ifPresent(rules::receiver);
        Optional.ofNullable(spec.getAutoscaling()).ifPresent(rules::autoscaling);
        Optional.ofNullable(spec.getPodDisruptionBudget()).map(DisruptionBudgetSpec::getMaxUnavailable)
                .ifPresent(rules::maxUnavailable);
        Optional.ofNullable(spec.getPodLabels()).ifPresent(rules::podLabels);
        Optional.ofNullable(spec.getNetworkPolicy()).map(NetworkPolicySpec::getAllowedSources).ifPresent(rules::allowedSources);
        rules.mode(spec, WorkloadKind.of(exporter));
    }

    /** UpstreamSpec and UpstreamAuthSpec. */
    private void upstream(UpstreamSpec upstream) {
        String endpoint = Optional.ofNullable(upstream.getEndpoint()).orElse("");
        require(upstream.getTls() == null || endpoint.startsWith("https://"), "spec.upstream.tls",
                "needs an https:// endpoint in spec.upstream.endpoint");
        Optional.ofNullable(upstream.getMaxExportSize()).ifPresent(size -> size(size, "spec.upstream.maxExportSize"));
        UpstreamAuthSpec auth = upstream.getAuth();
        if (auth == null) {
            return;
        }
        boolean apiKeyType = auth.getType() == UpstreamAuthType.API_KEY;
        require(!apiKeyType || auth.getApiKey() != null, "spec.upstream.auth.apiKey", "is required when type is apiKey");
        require(apiKeyType || auth.getApiKey() == null, "spec.upstream.auth.type", "must be apiKey when apiKey is set");
        boolean oauth2Type = auth.getType() == UpstreamAuthType.OAUTH2;
        require(!oauth2Type || auth.getOauth2() != null, "spec.upstream.auth.oauth2", "is required when type is oauth2");
        require(oauth2Type || auth.getOauth2() == null, "spec.upstream.auth.type", "must be oauth2 when oauth2 is set");
    }

    /** CompressionSpec. */
    private void compression(CompressionSpec compression) {
        if (compression.getAlgorithm() == CompressionAlgorithm.GZIP && compression.getLevel() != null) {
            require(compression.getLevel() <= 9, "spec.compression.level", "gzip levels are 1-9, got " + compression.getLevel());
        }
        Optional.ofNullable(compression.getMinSize()).ifPresent(size -> size(size, "spec.compression.minSize"));
    }

    /** QueuePersistenceSpec. */
    private void persistence(QueuePersistenceSpec persistence) {
        Optional.ofNullable(persistence.getSize()).ifPresent(size -> size(size, "spec.queue.persistence.size"));
        require(persistence.getStorageClassName() == null
                        || persistence.getType() == QueuePersistenceType.PERSISTENT_VOLUME_CLAIM,
                "spec.queue.persistence.storageClassName", "applies to type persistentVolumeClaim only");
    }

    /** ReceiverTlsSpec and ReceiverApiKeySpec. */
    private void receiver(ReceiverSpec receiver) {
        ReceiverTlsSpec tls = receiver.getTls();
        if (tls != null) {
            require(!(Boolean.TRUE.equals(tls.getGenerate()) && tls.getSecretRef() != null), "spec.receiver.tls",
                    "set generate: true or secretRef, not both");
        }
        ReceiverApiKeySpec apiKey = Optional.ofNullable(receiver.getAuth()).map(ReceiverAuthSpec::getApiKey).orElse(null);
        if (apiKey != null) {
            require(!(Boolean.TRUE.equals(apiKey.getGenerate()) && apiKey.getSecretRef() != null),
                    "spec.receiver.auth.apiKey", "set generate: true or secretRef, not both");
        }
    }

    /** AutoscalingSpec. */
    private void autoscaling(AutoscalingSpec autoscaling) {
        if (autoscaling.getMinReplicas() != null && autoscaling.getMaxReplicas() != null) {
            require(autoscaling.getMinReplicas() <= autoscaling.getMaxReplicas(), "spec.autoscaling.minReplicas",
                    "(" + autoscaling.getMinReplicas() + ") must not exceed spec.autoscaling.maxReplicas ("
                            + autoscaling.getMaxReplicas() + ")");
        }
    }

    /** DisruptionBudgetSpec. */
    private void maxUnavailable(IntOrString value) {
        boolean ok = value.getIntVal() != null ? value.getIntVal() >= 0
                : value.getStrVal() != null && value.getStrVal().length() <= ApiPatterns.MAX_SIZE_TEXT
                        && value.getStrVal().matches("[0-9]+%");
        require(ok, "spec.podDisruptionBudget.maxUnavailable", "must be a number of pods or a percentage such as 25%");
    }

    /** OtlpExporterSpec.podLabels. */
    private void podLabels(Map<String, String> labels) {
        require(!labels.containsKey("app.kubernetes.io/name") && !labels.containsKey("app.kubernetes.io/instance"),
                "spec.podLabels", "app.kubernetes.io/name and app.kubernetes.io/instance are set by the operator");
    }

    /**
     * OtlpExporterSpec.mode: what does not apply to a DaemonSet or a sidecar, or to a mode that is not one. The mode
     * in effect is {@link WorkloadKind}'s.
     */
    private void mode(OtlpExporterSpec spec, WorkloadKind kind) {
        Optional<QueuePersistenceSpec> persistence = Optional.ofNullable(spec.getQueue()).map(QueueSpec::getPersistence);
        if (kind == WorkloadKind.DAEMON_SET) {
            String why = "does not apply to mode daemonset, which runs one pod per node";
            absent(spec.getReplicas(), "spec.replicas", why);
            absent(spec.getAutoscaling(), "spec.autoscaling", why);
            absent(spec.getPodDisruptionBudget(), "spec.podDisruptionBudget", why);
            require(persistence.map(QueuePersistenceSpec::getType).orElse(null) != QueuePersistenceType.PERSISTENT_VOLUME_CLAIM,
                    "spec.queue.persistence.type", "persistentVolumeClaim needs mode statefulset; a DaemonSet may keep its queue on an emptyDir");
        } else if (kind == WorkloadKind.SIDECAR) {
            String why = "does not apply to mode sidecar, which runs in the applications' pods";
            absent(spec.getReplicas(), "spec.replicas", why);
            absent(spec.getAutoscaling(), "spec.autoscaling", why);
            absent(spec.getPodDisruptionBudget(), "spec.podDisruptionBudget", why);
            absent(spec.getNetworkPolicy(), "spec.networkPolicy", why);
            absent(persistence.orElse(null), "spec.queue.persistence", why + ": a sidecar keeps its queue in memory;"
                    + " use mode statefulset for a persistent queue");
            absent(Optional.ofNullable(spec.getMonitoring()).map(MonitoringSpec::getServiceMonitor).orElse(null),
                    "spec.monitoring.serviceMonitor", why + ", behind no Service of the exporter's: use spec.monitoring.podMonitor");
        }
        if (kind != WorkloadKind.DAEMON_SET) {
            require(spec.getHostPort() == null || !spec.getHostPort(), "spec.hostPort",
                    "true applies to mode daemonset only, not to mode " + MODES.get(kind).key());
        }
        if (kind != WorkloadKind.SIDECAR) {
            require(Optional.ofNullable(spec.getMonitoring()).map(MonitoringSpec::getPodMonitor).isEmpty(),
                    "spec.monitoring.podMonitor", "applies to mode sidecar only; mode " + MODES.get(kind).key()
                            + " is scraped through its Service by spec.monitoring.serviceMonitor");
        }
    }

    /** A field the mode has no use for: named with its value when that is a number or a word, else as set. */
    private void absent(Object value, String field, String why) {
        if (value != null) {
            boolean scalar = value instanceof Number || value instanceof Boolean || value instanceof String;
            problems.add(new SpecProblem(field, (scalar ? value + " " : "is set, but ") + why));
        }
    }

    /** NetworkPolicySource, and the CIDRs of its ipBlock ({@link IpBlockCheck}). */
    private void allowedSources(List<NetworkPolicySource> sources) {
        for (int i = 0; i < sources.size(); i++) {
            NetworkPolicySource source = sources.get(i);
            String field = "spec.networkPolicy.allowedSources[" + i + "]";
            boolean selectors = source != null && (source.getNamespaceSelector() != null || source.getPodSelector() != null);
            boolean ipBlock = source != null && source.getIpBlock() != null;
            require(ipBlock != selectors, field, NetworkPolicySource.ONE_KIND_MESSAGE);
            if (ipBlock) {
                IpBlockCheck.check(source.getIpBlock(), field + ".ipBlock", problems);
            }
        }
    }

    /** The sizes of UpstreamSpec, CompressionSpec, QueueSpec and QueuePersistenceSpec ({@link ApiPatterns#SIZE_RULE}). */
    private void size(IntOrString size, String field) {
        if (size.getIntVal() != null) {
            require(size.getIntVal() >= 1, field, ApiPatterns.SIZE_MESSAGE + ", got " + size.getIntVal());
            return;
        }
        String text = Optional.ofNullable(size.getStrVal()).orElse("");
        boolean ok = text.length() <= ApiPatterns.MAX_SIZE_TEXT && text.matches(ApiPatterns.SIZE_TEXT);
        if (ok) {
            try {
                ok = Sizes.parse(text) >= 1;
            } catch (IllegalArgumentException e) {
                ok = false;
            }
        }
        require(ok, field, ApiPatterns.SIZE_MESSAGE + ", got \"" + text + "\"");
    }

    private void require(boolean ok, String field, String message) {
        if (!ok) {
            problems.add(new SpecProblem(field, message));
        }
    }
}
