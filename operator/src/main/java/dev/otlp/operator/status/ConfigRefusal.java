package dev.otlp.operator.status;

import dev.otlp.operator.render.Deployments;
import dev.otlp.operator.render.RuntimeContainer;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A pod of the current configuration that stopped at Init because its runtime image refused the configuration:
 * its {@code check-config} init container exited non-zero, and the kubelet put the check's output (one
 * {@code <key>: <message>} line per problem, {@code terminationMessagePolicy: FallbackToLogsOnError}) into the
 * container's termination message. While the container restarts, that message is in its {@code lastState}.
 */
public final class ConfigRefusal {

    public static final String REASON = "ConfigRefused";
    /** Enough for several problems; the kubelet keeps at most 4096 bytes anyway. */
    private static final int MAX_MESSAGE = 1024;

    private ConfigRefusal() {
    }

    /**
     * @param pods       the exporter's pods
     * @param configHash the configuration the pods should run now: older pods are not asked
     * @return the reason and message of the first refusing pod, as {@link Workload#failure} holds them
     */
    public static Optional<List<String>> of(List<Pod> pods, String configHash) {
        return pods.stream()
                .filter(pod -> configHash.equals(Optional.ofNullable(pod.getMetadata().getAnnotations()).orElse(Map.of())
                        .get(Deployments.CONFIG_HASH_ANNOTATION)))
                .flatMap(ConfigRefusal::refusal)
                .findFirst();
    }

    private static Stream<List<String>> refusal(Pod pod) {
        List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getInitContainerStatuses();
        return Optional.ofNullable(statuses).orElse(List.of()).stream()
                .filter(status -> RuntimeContainer.CONFIG_CHECK_CONTAINER.equals(status.getName()))
                .flatMap(status -> failedCheck(status)
                        .map(failed -> List.of(REASON, "pod " + pod.getMetadata().getName() + ": image " + status.getImage()
                                + " refuses this configuration (" + problems(failed) + "); the pods of the previous"
                                + " configuration keep serving"))
                        .stream());
    }

    private static Optional<ContainerStateTerminated> failedCheck(ContainerStatus status) {
        return Stream.of(status.getState(), status.getLastState())
                .filter(Objects::nonNull)
                .map(ContainerState::getTerminated)
                .filter(terminated -> terminated != null && terminated.getExitCode() != null && terminated.getExitCode() != 0)
                .findFirst();
    }

    private static String problems(ContainerStateTerminated failed) {
        String message = Optional.ofNullable(failed.getMessage()).map(String::strip).orElse("");
        if (message.isEmpty()) {
            return "--check-config exited " + failed.getExitCode();
        }
        String joined = String.join("; ", message.lines().map(String::strip).filter(line -> !line.isEmpty()).toList());
        return joined.length() <= MAX_MESSAGE ? joined : joined.substring(0, MAX_MESSAGE) + "…";
    }
}
