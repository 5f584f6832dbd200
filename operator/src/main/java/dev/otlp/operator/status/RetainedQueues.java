package dev.otlp.operator.status;

import dev.otlp.operator.api.RetainedQueueStatus;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.render.RuntimeContainer;
import dev.otlp.process.RetainedQueue;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The queue claims of scaled-down StatefulSet replicas that hold undelivered data. A runtime whose drain ended with
 * data left writes {@link RetainedQueue#message()} as its termination message; the kubelet puts it into the
 * container's terminated state, where this reads it from the operator's cache of the exporter's pods, which keeps
 * that last state of a deleted pod until its replica runs again ({@code dependent.OwnPods}). The status remembers it after
 * the pod is gone, for as long as the replica's ordinal stays at or above the wanted replicas: a replica with that
 * ordinal mounts the claim again and delivers it.
 */
public final class RetainedQueues {

    public static final String CONDITION = "QueueRetained";
    /** The StatefulSet's claim template name: claims are {@code queue-<statefulset>-<ordinal>}. */
    private static final String CLAIM_TEMPLATE = "queue";

    private RetainedQueues() {
    }

    /**
     * @param exporter the exporter's name, which is its StatefulSet's
     * @param pods     the exporter's pods as listed now
     * @param wanted   the StatefulSet's replicas: ordinals from here up are scaled down
     * @param previous the retained queues the status held before, or null
     * @return by claim name
     */
    public static List<RetainedQueueStatus> of(String exporter, List<Pod> pods, int wanted,
                                               List<RetainedQueueStatus> previous, Instant now) {
        Map<String, RetainedQueueStatus> byClaim = new TreeMap<>();
        Optional.ofNullable(previous).orElse(List.of()).stream()
                .filter(kept -> kept.getClaim() != null && ordinal(exporter, kept.getPod()).orElse(-1) >= wanted)
                .forEach(kept -> byClaim.put(kept.getClaim(), kept));
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            if (ordinal(exporter, name).orElse(-1) < wanted) {
                continue;
            }
            exited(pod).ifPresent(terminated -> RetainedQueue.parse(terminated.getMessage()).ifPresentOrElse(
                    queue -> byClaim.put(claim(name), status(name, queue,
                            Optional.ofNullable(terminated.getFinishedAt()).orElse(now.toString()))),
                    () -> byClaim.remove(claim(name))));
        }
        return byClaim.values().stream().sorted(Comparator.comparing(RetainedQueueStatus::getClaim)).toList();
    }

    /** {@code QueueRetained}: true while a scaled-down replica's claim holds data. */
    public static ConditionState condition(List<RetainedQueueStatus> retained) {
        if (retained.isEmpty()) {
            return ConditionState.isFalse(CONDITION, "None", "no claim of a scaled-down replica holds undelivered data");
        }
        String claims = String.join("; ", retained.stream().map(queue -> "claim " + queue.getClaim() + " holds "
                + queue.getBytes() + " bytes (" + queue.getItems() + " items) that pod " + queue.getPod()
                + " could not deliver before it stopped").toList());
        return ConditionState.isTrue(CONDITION, "UndeliveredOnScaledDownClaims", claims
                + "; scale to at least " + (highestOrdinal(retained) + 1) + " replicas to deliver it (the claims are kept)");
    }

    private static int highestOrdinal(List<RetainedQueueStatus> retained) {
        return retained.stream().map(RetainedQueueStatus::getPod)
                .mapToInt(pod -> Integer.parseInt(pod.substring(pod.lastIndexOf('-') + 1))).max().orElse(0);
    }

    private static RetainedQueueStatus status(String pod, RetainedQueue queue, String since) {
        RetainedQueueStatus status = new RetainedQueueStatus();
        status.setClaim(claim(pod));
        status.setPod(pod);
        status.setBytes(queue.bytes());
        status.setItems(queue.items());
        status.setSince(since);
        return status;
    }

    private static String claim(String pod) {
        return CLAIM_TEMPLATE + "-" + pod;
    }

    /** The ordinal of a StatefulSet pod {@code <statefulset>-<ordinal>}; empty for any other name. */
    private static OptionalInt ordinal(String exporter, String pod) {
        String prefix = ResourceNames.statefulSet(exporter) + "-";
        if (pod == null || !pod.startsWith(prefix) || pod.length() == prefix.length()
                || !pod.substring(prefix.length()).chars().allMatch(Character::isDigit) || pod.length() - prefix.length() > 9) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(pod.substring(prefix.length())));
    }

    /**
     * The runtime container's state once it has exited. Only the current state counts: a scaled-down replica does not
     * restart, and a termination in its last state was replayed by the start that followed it.
     */
    private static Optional<ContainerStateTerminated> exited(Pod pod) {
        List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
        return Optional.ofNullable(statuses).orElse(List.of()).stream()
                .filter(status -> RuntimeContainer.Placement.OWN_PODS.containerName().equals(status.getName()))
                .map(ContainerStatus::getState)
                .filter(Objects::nonNull)
                .map(ContainerState::getTerminated)
                .filter(Objects::nonNull)
                .findFirst();
    }
}
