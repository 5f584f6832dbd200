package dev.otlp.runtime.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What an endpoint answers: status, content type, body and, for a file, the name to save it under. */
record Response(int status, String contentType, byte[] body, String fileName) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Response json(int status, Map<String, ?> body) {
        try {
            return new Response(status, "application/json", JSON.writeValueAsBytes(body), null);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Response text(int status, String contentType, String body) {
        return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), null);
    }

    static Response file(String fileName, String contentType, byte[] body) {
        return new Response(200, contentType, body, fileName);
    }

    static Response plain(int status, String body) {
        return text(status, "text/plain; charset=utf-8", body);
    }
}
