package dev.otlp.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How the load reaches the runtime's receiver. */
enum Protocol {
    GRPC("grpc", null),
    HTTP_PROTOBUF("http-protobuf", "application/x-protobuf"),
    HTTP_JSON("http-json", "application/json");

    private final String key;
    private final String contentType;

    Protocol(String key, String contentType) {
        this.key = key;
        this.contentType = contentType;
    }

    String key() {
        return key;
    }

    /** The body's content type on OTLP/HTTP; null for gRPC. */
    String contentType() {
        return contentType;
    }

    static Protocol of(String key) {
        return Arrays.stream(values()).filter(protocol -> protocol.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown protocol " + key + "; one of "
                        + Arrays.stream(values()).map(Protocol::key).collect(Collectors.joining(", "))));
    }
}
