package dev.otlp.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Pre-serialized {@code ExportTraceServiceRequest}s shaped like an instrumented HTTP service's:
 * Kubernetes resource attributes, random trace and span ids, ten HTTP attributes per span.
 * Each request differs in its ids, so compression sees realistic, not repeated, data.
 */
public final class SpanRequests {

    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
    private static final String[] ROUTES = {
            "/api/orders/{orderId}", "/api/customers/{customerId}/addresses", "/api/catalog/items",
            "/api/cart/{cartId}/checkout", "/api/payments/{paymentId}/capture", "/healthz"};
    private static final String[] AGENTS = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
            "okhttp/4.12.0", "Go-http-client/1.1", "python-requests/2.32.3"};
    private static final int[] STATUS_CODES = {200, 200, 200, 200, 201, 204, 304, 404, 500};

    private SpanRequests() {
    }

    /** {@code count} serialized requests of {@code spansPerRequest} spans each. */
    public static List<byte[]> generate(int count, int spansPerRequest, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(request(random, spansPerRequest, i).toByteArray());
        }
        return requests;
    }

    private static ExportTraceServiceRequest request(SplittableRandom random, int spans, int podIndex) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder()
                .setName("io.opentelemetry.tomcat-10.0").setVersion("2.6.0-alpha"));
        long now = System.currentTimeMillis() * 1_000_000L;
        for (int i = 0; i < spans; i++) {
            scope.addSpans(span(random, now - random.nextLong(60_000_000_000L)));
        }
        Resource resource = Resource.newBuilder()
                .addAttributes(attribute("service.name", "checkout-service"))
                .addAttributes(attribute("service.version", "1.14.2"))
                .addAttributes(attribute("service.namespace", "shop"))
                .addAttributes(attribute("deployment.environment", "production"))
                .addAttributes(attribute("host.name", "ip-10-0-12-" + (17 + podIndex) + ".eu-west-1.compute.internal"))
                .addAttributes(attribute("k8s.namespace.name", "shop"))
                .addAttributes(attribute("k8s.pod.name", "checkout-service-7d9f8b6c4-" + Integer.toString(podIndex + 36 * 36 * 36, 36)))
                .addAttributes(attribute("k8s.node.name", "ip-10-0-12-" + (17 + podIndex) + ".eu-west-1.compute.internal"))
                .addAttributes(attribute("telemetry.sdk.language", "java"))
                .addAttributes(attribute("telemetry.sdk.name", "opentelemetry"))
                .addAttributes(attribute("telemetry.sdk.version", "1.40.0"))
                .build();
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope)
                        .setSchemaUrl("https://opentelemetry.io/schemas/1.24.0"))
                .build();
    }

    private static Span span(SplittableRandom random, long startNanos) {
        String method = METHODS[random.nextInt(METHODS.length)];
        String route = ROUTES[random.nextInt(ROUTES.length)];
        int status = STATUS_CODES[random.nextInt(STATUS_CODES.length)];
        String path = route.replaceAll("\\{[^}]+}", Long.toString(random.nextLong(1_000_000_000L)));
        long durationNanos = 200_000L + random.nextLong(250_000_000L);
        Span.Builder span = Span.newBuilder();
        if (random.nextBoolean()) {
            span.setParentSpanId(randomBytes(random, 8));
        }
        return span
                .setTraceId(randomBytes(random, 16))
                .setSpanId(randomBytes(random, 8))
                .setName(method + " " + route)
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(startNanos)
                .setEndTimeUnixNano(startNanos + durationNanos)
                .addAttributes(attribute("http.method", method))
                .addAttributes(attribute("http.route", route))
                .addAttributes(attribute("http.status_code", status))
                .addAttributes(attribute("url.full", "https://shop.example.com" + path))
                .addAttributes(attribute("http.scheme", "https"))
                .addAttributes(attribute("user_agent.original", AGENTS[random.nextInt(AGENTS.length)]))
                .addAttributes(attribute("net.peer.name", "shop.example.com"))
                .addAttributes(attribute("net.peer.ip", "10.0." + random.nextInt(256) + "." + random.nextInt(256)))
                .addAttributes(attribute("net.host.port", 8080))
                .addAttributes(attribute("http.flavor", "1.1"))
                .setStatus(status >= 500
                        ? Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("Internal Server Error")
                        : Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_UNSET))
                .build();
    }

    private static ByteString randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return ByteString.copyFrom(bytes);
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue attribute(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }
}
