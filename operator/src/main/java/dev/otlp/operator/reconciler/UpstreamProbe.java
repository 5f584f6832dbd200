package dev.otlp.operator.reconciler;

import dev.otlp.operator.status.ConditionState;
import dev.otlp.operator.status.ExporterStatuses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Asks an exporter's running pods whether their upstream takes exports, from the {@code upstream}
 * object of each runtime's {@code /ready} body, and sums the answers up as the
 * {@code UpstreamReachable} condition: True while every pod that answered delivers (reason {@code FailedOver},
 * naming the upstream, while a pod exports to a {@code spec.upstream.failover} entry); False with the reason of the
 * first pod that cannot (a blocked upstream before an unreachable one). Each names the upstream its pod exports to.
 */
public final class UpstreamProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** The runtime's name of spec.upstream among its upstreams. */
    private static final String PRIMARY = "primary";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The runtime's block reasons, as condition reasons. */
    private static final Map<String, String> BLOCKED = Map.of(
            "unauthenticated", "Unauthenticated",
            "permission_denied", "PermissionDenied",
            "not_found", "EndpointNotFound",
            "unimplemented", "Unimplemented",
            "tls", "TlsFailure");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final int healthPort;

    /** @param healthPort the runtime's {@code /ready} port in its pods */
    public UpstreamProbe(int healthPort) {
        this.healthPort = healthPort;
    }

    /**
     * One pod's answer.
     *
     * @param active   the upstream it exports to ({@code primary}, {@code failover-1}...), empty without failover upstreams
     * @param endpoint that upstream's endpoint, without credentials
     */
    private record Answer(String pod, String state, String reason, String message, String active, String endpoint) {

        boolean failedOver() {
            return !active.isEmpty() && !active.equals(PRIMARY);
        }

        /** {@code ; exporting to failover-1 (https://...)}, or nothing without failover upstreams. */
        String exportingTo() {
            return active.isEmpty() ? "" : "; exporting to " + active + " (" + endpoint + ")";
        }
    }

    /** The condition the answers of the exporter's {@code pods} make; empty when no pod answered. */
    public Optional<ConditionState> condition(List<Pod> pods) {
        List<CompletableFuture<Optional<Answer>>> asked = new ArrayList<>();
        for (Pod pod : pods) {
            String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
            if (ip != null && "Running".equals(pod.getStatus().getPhase())) {
                asked.add(ask(pod.getMetadata().getName(), ip));
            }
        }
        List<Answer> answers = asked.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList();
        if (answers.isEmpty()) {
            return Optional.empty();
        }
        String of = " (" + answers.size() + " of " + pods.size() + " pods answered)";
        return answers.stream().filter(a -> "blocked".equals(a.state())).findFirst()
                .or(() -> answers.stream().filter(a -> "unreachable".equals(a.state())).findFirst())
                .map(a -> ConditionState.isFalse(ExporterStatuses.UPSTREAM_REACHABLE,
                        "blocked".equals(a.state()) ? BLOCKED.getOrDefault(a.reason(), "Refused") : "Unreachable",
                        "pod " + a.pod() + ": " + a.reason() + ": " + a.message() + a.exportingTo() + of))
                .or(() -> answers.stream().filter(Answer::failedOver).findFirst()
                        .map(a -> ConditionState.isTrue(ExporterStatuses.UPSTREAM_REACHABLE, "FailedOver",
                                "pod " + a.pod() + " exports to " + a.active() + " (" + a.endpoint()
                                        + "), not to spec.upstream, which failed; it fails back once a probe succeeds" + of)))
                .or(() -> Optional.of(ConditionState.isTrue(ExporterStatuses.UPSTREAM_REACHABLE, "Delivering",
                        "the upstream takes exports" + answers.get(0).exportingTo() + of)));
    }

    private CompletableFuture<Optional<Answer>> ask(String pod, String ip) {
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + healthPort + "/ready"))
                .timeout(TIMEOUT).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> answer(pod, response.body()))
                .exceptionally(unreachable -> Optional.empty());
    }

    private static Optional<Answer> answer(String pod, String body) {
        try {
            JsonNode upstream = JSON.readTree(body).path("upstream");
            if (!upstream.path("state").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new Answer(pod, upstream.path("state").asText(), upstream.path("reason").asText(""),
                    upstream.path("message").asText(""), upstream.path("active").asText(""),
                    upstream.path("endpoint").asText("")));
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }
}
