package dev.otlp.runtime.telemetry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /health} (liveness: restart me when failing) and {@code /ready} (readiness: send me traffic). */
final class HealthEndpoints {

    private HealthEndpoints() {
    }

    static Map<String, HttpResource> of(Liveness liveness, Readiness readiness) {
        Map<String, HttpResource> endpoints = new LinkedHashMap<>();
        endpoints.put("/health", query -> answer(liveness.problems(), "UP", "DOWN"));
        endpoints.put("/ready", query -> ready(readiness));
        return endpoints;
    }

    private static Response ready(Readiness readiness) {
        List<String> reasons = readiness.notReadyReasons();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", reasons.isEmpty() ? "READY" : "NOT_READY");
        if (!reasons.isEmpty()) {
            body.put("reasons", reasons);
        }
        Map<String, String> upstream = readiness.upstream();
        if (!upstream.isEmpty()) {
            body.put("upstream", upstream);
        }
        List<String> warnings = readiness.warnings();
        if (!warnings.isEmpty()) {
            body.put("warnings", warnings);
        }
        return Response.json(reasons.isEmpty() ? 200 : 503, body);
    }

    private static Response answer(List<String> reasons, String good, String bad) {
        if (reasons.isEmpty()) {
            return Response.json(200, Map.of("status", good));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", bad);
        body.put("reasons", reasons);
        return Response.json(503, body);
    }
}
