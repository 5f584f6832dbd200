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
 * {@code UpstreamReachable} condition: True while every pod that answered delivers; False with the
 * reason of the first pod that cannot (a blocked upstream before an unreachable one).
 */
public final class UpstreamProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
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

    /** One pod's answer. */
    private record Answer(String pod, String state, String reason, String message) {
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
                        "pod " + a.pod() + ": " + a.reason() + ": " + a.message() + of))
                .or(() -> Optional.of(ConditionState.isTrue(ExporterStatuses.UPSTREAM_REACHABLE, "Delivering",
                        "the upstream takes exports" + of)));
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
                    upstream.path("message").asText("")));
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }
}
