package dev.otlp.operator.validation;

import dev.otlp.operator.api.ApiPatterns;
import dev.otlp.operator.api.KubernetesTypeBounds;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.model.SpecProblem;
import dev.otlp.runtime.config.Durations;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.PodAffinity;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Checks the spec against the same {@code @Required}, {@code @Size}, {@code @Pattern}, {@code @Min} and
 * {@code @Max} annotations the CRD schema is generated from, for API servers that do not.
 */
final class SchemaCheck {

    /** What each pattern asks for, and whether the offending value may be quoted back (URLs may carry credentials). */
    private record Form(String description, boolean quoteValue) {
    }

    private static final Map<String, Form> FORMS = Map.of(
            ApiPatterns.DURATION, new Form("must be a whole number and a unit (ms, s, m, h), e.g. 30s", true),
            ApiPatterns.UPSTREAM_ENDPOINT, new Form("must be an http:// or https:// URL with a host, or debug", false),
            ApiPatterns.URL, new Form("must be an http:// or https:// URL with a host", false),
            ApiPatterns.OBJECT_NAME, new Form("must be a Kubernetes object name: lower-case letters, digits, '-' and '.'", true),
            ApiPatterns.SECRET_KEY, new Form("must be a Secret key: letters, digits, '-', '_' and '.'", true),
            ApiPatterns.HEADER_NAME, new Form("must be an HTTP header name", true),
            ApiPatterns.IMAGE, new Form("must be an image reference such as registry.example.com/team/exporter:1.2", true));

    /** Patterns a check of its own reads more closely, naming the form: a CIDR's address ({@link IpBlockCheck}). */
    private static final Set<String> READ_BY_THEIR_OWN_CHECK = Set.of(ApiPatterns.CIDR);

    private static final Package API = OtlpExporterSpec.class.getPackage();

    private SchemaCheck() {
    }

    static void check(Object node, String path, List<SpecProblem> problems) {
        for (Field field : fields(node.getClass())) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            String name = path + "." + field.getName();
            Object value = read(field, node);
            if (value == null) {
                if (field.isAnnotationPresent(Required.class)) {
                    problems.add(new SpecProblem(name, "is required"));
                }
                continue;
            }
            length(field.getAnnotation(Size.class), value, name, problems);
            pattern(field.getAnnotation(Pattern.class), value, name, problems);
            range(field, value, name, problems);
            if (value.getClass().getPackage() == API && !value.getClass().isEnum()) {
                check(value, name, problems);
            } else if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    Object element = list.get(i);
                    if (element != null && element.getClass().getPackage() == API && !element.getClass().isEnum()) {
                        check(element, name + "[" + i + "]", problems);
                    }
                }
            }
        }
    }

    /** The class's fields and those it inherits from the API's own classes (an upstream's, for spec.upstream). */
    private static List<Field> fields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c.getPackage() == API; c = c.getSuperclass()) {
            fields.addAll(0, List.of(c.getDeclaredFields()));
        }
        return fields;
    }

    /** The bounds the CRD adds to Kubernetes' own types ({@link KubernetesTypeBounds}), which carry no annotations. */
    static void checkKubernetesTypes(OtlpExporterSpec spec, List<SpecProblem> problems) {
        List<Toleration> tolerations = Optional.ofNullable(spec.getTolerations()).orElse(List.of());
        for (int i = 0; i < tolerations.size(); i++) {
            Optional.ofNullable(tolerations.get(i)).map(Toleration::getTolerationSeconds).ifPresent(bounded(
                    "spec.tolerations[" + i + "].tolerationSeconds", 0, KubernetesTypeBounds.MAX_TOLERATION_SECONDS, problems));
        }
        Optional<Affinity> affinity = Optional.ofNullable(spec.getAffinity());
        weights("spec.affinity.nodeAffinity", affinity.map(Affinity::getNodeAffinity)
                .map(NodeAffinity::getPreferredDuringSchedulingIgnoredDuringExecution), PreferredSchedulingTerm::getWeight, problems);
        weights("spec.affinity.podAffinity", affinity.map(Affinity::getPodAffinity)
                .map(PodAffinity::getPreferredDuringSchedulingIgnoredDuringExecution), WeightedPodAffinityTerm::getWeight, problems);
        weights("spec.affinity.podAntiAffinity", affinity.map(Affinity::getPodAntiAffinity)
                .map(PodAntiAffinity::getPreferredDuringSchedulingIgnoredDuringExecution), WeightedPodAffinityTerm::getWeight, problems);
    }

    private static <T> void weights(String path, Optional<List<T>> terms, Function<T, Integer> weight, List<SpecProblem> problems) {
        List<T> list = terms.orElse(List.of());
        for (int i = 0; i < list.size(); i++) {
            Optional.ofNullable(list.get(i)).map(weight).ifPresent(bounded(path + ".preferredDuringSchedulingIgnoredDuringExecution["
                    + i + "].weight", KubernetesTypeBounds.MIN_WEIGHT, KubernetesTypeBounds.MAX_WEIGHT, problems));
        }
    }

    private static Consumer<Number> bounded(String name, long min, long max, List<SpecProblem> problems) {
        return value -> {
            if (value.longValue() < min) {
                problems.add(new SpecProblem(name, "must be at least " + min + ", got " + value));
            } else if (value.longValue() > max) {
                problems.add(new SpecProblem(name, "must be at most " + max + ", got " + value));
            }
        };
    }

    private static void length(Size size, Object value, String name, List<SpecProblem> problems) {
        if (size != null && value instanceof String text && text.length() > size.max()) {
            problems.add(new SpecProblem(name, "must be at most " + plain(size.max()) + " characters, got " + text.length()));
        }
    }

    private static void pattern(Pattern pattern, Object value, String name, List<SpecProblem> problems) {
        if (pattern == null || !(value instanceof String text) || READ_BY_THEIR_OWN_CHECK.contains(pattern.value())) {
            return;
        }
        if (text.matches(pattern.value())) {
            if (pattern.value().equals(ApiPatterns.DURATION)) {
                duration(text, name, problems);
            }
            return;
        }
        Form form = FORMS.getOrDefault(pattern.value(), new Form("must match " + pattern.value(), false));
        problems.add(new SpecProblem(name, form.description() + (form.quoteValue() ? ", got \"" + text + "\"" : "")));
    }

    /** A duration of the right form may still be too long for the runtime to hold. */
    private static void duration(String text, String name, List<SpecProblem> problems) {
        try {
            Durations.parse(text);
        } catch (RuntimeException e) {
            problems.add(new SpecProblem(name, "is too long, got \"" + text + "\""));
        }
    }

    private static void range(Field field, Object value, String name, List<SpecProblem> problems) {
        if (!(value instanceof Number number)) {
            return;
        }
        Min min = field.getAnnotation(Min.class);
        Max max = field.getAnnotation(Max.class);
        if (min != null && number.doubleValue() < min.value()) {
            problems.add(new SpecProblem(name, "must be at least " + plain(min.value()) + ", got " + number));
        }
        if (max != null && number.doubleValue() > max.value()) {
            problems.add(new SpecProblem(name, "must be at most " + plain(max.value()) + ", got " + number));
        }
    }

    private static String plain(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }

    private static Object read(Field field, Object node) {
        try {
            field.setAccessible(true);
            return field.get(node);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }
}
