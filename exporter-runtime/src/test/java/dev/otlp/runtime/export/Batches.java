package dev.otlp.runtime.export;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.Random;

/** Serialized export requests for tests. */
final class Batches {

    private Batches() {
    }

    /** A trace request with {@code spans} spans, about 200 bytes each, compressible like real ones. */
    static byte[] traces(int spans) {
        Random random = new Random(spans);
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < spans; i++) {
            byte[] traceId = new byte[16];
            byte[] spanId = new byte[8];
            random.nextBytes(traceId);
            random.nextBytes(spanId);
            scope.addSpans(Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(traceId))
                    .setSpanId(ByteString.copyFrom(spanId))
                    .setName("GET /api/orders/" + random.nextInt(100))
                    .setStartTimeUnixNano(1_700_000_000_000_000_000L + i)
                    .setEndTimeUnixNano(1_700_000_000_000_500_000L + i)
                    .addAttributes(attribute("http.method", "GET"))
                    .addAttributes(attribute("http.route", "/api/orders/{id}"))
                    .addAttributes(attribute("service.instance", "pod-" + random.nextInt(5))));
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(attribute("service.name", "checkout")))
                        .addScopeSpans(scope))
                .build().toByteArray();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
