package dev.otlp.operator.model;

import io.fabric8.kubernetes.api.model.EnvVar;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime's heap: the JVM's default is a quarter of the container's memory, less than the queue
 * of the larger profiles may hold, so the runtime gets three quarters and exits (to be restarted)
 * rather than limp on after running out. A user's own {@code JAVA_TOOL_OPTIONS} in {@code spec.env} wins.
 */
public final class RuntimeHeap {

    public static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";
    public static final String JVM_OPTIONS = "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError";
    /**
     * The runtime image's initial heap ({@code -Xms48m} in exporter-runtime's {@code jvm.options}, which the
     * image passes on the command line, after {@code JAVA_TOOL_OPTIONS}): a smaller maximum stops the JVM.
     */
    public static final long IMAGE_INITIAL_HEAP_BYTES = 48L << 20;
    /** The share of the memory limit that {@link #JVM_OPTIONS} gives the heap. */
    public static final BigDecimal SHARE_OF_MEMORY_LIMIT = new BigDecimal("0.75");

    private RuntimeHeap() {
    }

    public static boolean sizedByUser(List<EnvVar> env) {
        return env.stream().anyMatch(variable -> JAVA_TOOL_OPTIONS.equals(variable.getName()));
    }

    /** The spec's variables ({@code spec.env}, null for none), then the heap settings unless the user gave their own. */
    static List<EnvVar> withHeapSettings(List<EnvVar> specEnv) {
        List<EnvVar> env = new ArrayList<>(specEnv == null ? List.of() : specEnv);
        if (!sizedByUser(env)) {
            env.add(new EnvVar(JAVA_TOOL_OPTIONS, JVM_OPTIONS, null));
        }
        return List.copyOf(env);
    }
}
