package dev.otlp.operator.validation;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.api.QueueSpec;
import dev.otlp.operator.model.ProfileResources;
import dev.otlp.operator.model.QueueStorage;
import dev.otlp.operator.model.RuntimeHeap;
import dev.otlp.operator.model.SpecProblem;
import dev.otlp.runtime.config.ConfigLoader;
import dev.otlp.runtime.config.RuntimeConfig;
import dev.otlp.runtime.config.Sizes;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the pods are made of, checked before anything rolls out: the fields Kubernetes would refuse
 * (environment variable names, quantities, label keys and values) and what would start pods that
 * cannot work (an environment variable that overrides a runtime setting the operator renders from
 * the spec; a memory queue that does not fit in the heap the memory limit leaves).
 */
final class PodSpecRules {

    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Map<String, String> RUNTIME_SETTINGS = ConfigLoader.environmentVariables();
    private static final Pattern MAX_HEAP = Pattern.compile("-(?:Xmx|XX:MaxHeapSize=)(\\d{1,15})([kKmMgGtT]?)");
    /** Heap the runtime needs besides its queue: batches in flight, buffers, its own objects. */
    private static final long RUNTIME_HEAP_BYTES = 64L << 20;

    private final List<SpecProblem> problems;

    private PodSpecRules(List<SpecProblem> problems) {
        this.problems = problems;
    }

    /** @param config the configuration the exporter loads into, as far as it could be built */
    static void check(OtlpExporter exporter, Optional<RuntimeConfig> config, List<SpecProblem> problems) {
        PodSpecRules rules = new PodSpecRules(problems);
        OtlpExporterSpec spec = exporter.getSpec();
        List<EnvVar> env = Optional.ofNullable(spec.getEnv()).orElse(List.of());
        for (int i = 0; i < env.size(); i++) {
            rules.env(env.get(i), "spec.env[" + i + "]");
        }
        Optional.ofNullable(spec.getResources()).ifPresent(rules::resources);
        Optional.ofNullable(spec.getPodLabels()).ifPresent(labels -> labels.forEach((key, value) -> {
            rules.key(key, "spec.podLabels");
            rules.require(value != null && LABEL_NAME.matcher(value).matches(), "spec.podLabels",
                    "the value of " + key + " must be at most 63 letters, digits, '-', '_' or '.', starting and ending"
                            + " with a letter or digit, got \"" + value + "\"");
        }));
        Optional.ofNullable(spec.getPodAnnotations()).ifPresent(annotations -> annotations.keySet()
                .forEach(key -> rules.key(key, "spec.podAnnotations")));
        if (problems.isEmpty()) {
            config.ifPresent(built -> rules.queueFitsTheHeap(exporter, built, env));
        }
    }

    private void env(EnvVar variable, String field) {
        String name = variable.getName();
        if (name == null || !ENV_NAME.matcher(name).matches()) {
            problems.add(new SpecProblem(field + ".name", "must be letters, digits, '_', '-' or '.', not starting"
                    + " with a digit, got \"" + name + "\""));
            return;
        }
        String setting = RUNTIME_SETTINGS.get(name);
        require(setting == null, field + ".name", name + " would override the runtime's " + setting
                + ", which the operator renders from the spec and checks before it rolls out; set it through the spec");
        if (RuntimeHeap.JAVA_TOOL_OPTIONS.equals(name) && variable.getValue() != null) {
            maxHeapHoldsTheInitialHeap(variable.getValue(), field + ".value");
        }
    }

    /** The JVM takes the last of its maximum heap flags, so only that one must hold the image's initial heap. */
    private void maxHeapHoldsTheInitialHeap(String jvmOptions, String field) {
        Matcher maxHeap = MAX_HEAP.matcher(jvmOptions);
        MatchResult last = null;
        while (maxHeap.find()) {
            last = maxHeap.toMatchResult();
        }
        if (last == null) {
            return;
        }
        long amount = Long.parseLong(last.group(1));
        int shift = switch (last.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        boolean holdsIt = amount > Long.MAX_VALUE >> shift || amount << shift >= RuntimeHeap.IMAGE_INITIAL_HEAP_BYTES;
        require(holdsIt, field, last.group() + " is below the runtime image's"
                + " initial heap of " + Sizes.format(RuntimeHeap.IMAGE_INITIAL_HEAP_BYTES)
                + ": the JVM would not start; give the heap at least that");
    }

    private void resources(ResourceRequirements resources) {
        Optional.ofNullable(resources.getLimits()).ifPresent(limits -> limits.forEach((name, quantity) ->
                quantity(quantity, "spec.resources.limits." + name)));
        Optional.ofNullable(resources.getRequests()).ifPresent(requests -> requests.forEach((name, quantity) ->
                quantity(quantity, "spec.resources.requests." + name)));
    }

    private void quantity(Quantity quantity, String field) {
        try {
            Quantity.getAmountInBytes(quantity);
        } catch (RuntimeException e) {
            problems.add(new SpecProblem(field, "must be a quantity such as 512Mi or 500m, got \"" + quantity + "\""));
        }
    }

    /** A label or annotation key: an optional DNS-subdomain prefix and a name of at most 63 characters. */
    private void key(String key, String field) {
        int slash = key.lastIndexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = key.substring(slash + 1);
        boolean ok = !name.isEmpty() && LABEL_NAME.matcher(name).matches()
                && (prefix == null || prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches());
        require(ok, field, "\"" + key + "\" is not a valid key: an optional DNS prefix and '/', then at most 63"
                + " letters, digits, '-', '_' or '.'");
    }

    /**
     * A memory queue lives in the heap: refused when it cannot be held within the share of the
     * memory limit the heap gets, less what the runtime needs besides (unless the user sized the
     * heap with JAVA_TOOL_OPTIONS, or the queue is on disk).
     */
    private void queueFitsTheHeap(OtlpExporter exporter, RuntimeConfig config, List<EnvVar> env) {
        boolean heapSizedByUser = RuntimeHeap.sizedByUser(env);
        boolean persistent = QueueStorage.persistence(exporter).isPresent();
        Quantity limit = Optional.ofNullable(ProfileResources.of(exporter).getLimits()).map(l -> l.get("memory")).orElse(null);
        if (heapSizedByUser || persistent || limit == null) {
            return;
        }
        long heap = Quantity.getAmountInBytes(limit).multiply(RuntimeHeap.SHARE_OF_MEMORY_LIMIT).longValue();
        long room = heap - RUNTIME_HEAP_BYTES;
        long queue = config.queue().maxBytes();
        boolean explicit = Optional.ofNullable(exporter.getSpec().getQueue()).map(QueueSpec::getMaxBytes).isPresent();
        require(queue <= room, explicit ? "spec.queue.maxBytes" : "spec.resources.limits.memory",
                "a queue of " + Sizes.format(queue) + " does not fit in the heap of the " + limit + " memory limit ("
                        + "75% of it, less " + Sizes.format(RUNTIME_HEAP_BYTES) + " the runtime needs, leaves "
                        + Sizes.format(Math.max(0, room)) + "): the pods would be OOM-killed instead of pushing back;"
                        + " lower spec.queue.maxBytes, raise spec.resources.limits.memory, or use spec.queue.persistence");
    }

    private void require(boolean ok, String field, String message) {
        if (!ok) {
            problems.add(new SpecProblem(field, message));
        }
    }
}
