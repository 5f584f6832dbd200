package dev.otlp.runtime.e2e;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One OTLP/HTTP client of a steady load, for counting: every span has a unique id, the ids of acknowledged
 * requests are remembered with the time of the last acknowledgement, and it stops at the first refusal, keeping
 * that answer's status, its {@code Retry-After} and its time.
 */
final class HttpLoadClient implements AutoCloseable {

    /** The first answer that was not a 200. */
    record Refusal(int status, Optional<String> retryAfter, long atNanos) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI traces;
    private final Set<Long> acknowledged = new HashSet<>();
    private volatile long lastAcknowledgedNanos = Long.MIN_VALUE;
    private volatile Refusal refusal;
    private volatile boolean stopped;
    private Thread sender;

    HttpLoadClient(String endpoint) {
        this.traces = URI.create(endpoint + "/v1/traces");
    }

    HttpLoadClient start() {
        sender = new Thread(this::send, "http-load-client");
        sender.start();
        return this;
    }

    private void send() {
        while (!stopped && refusal == null) {
            ExportTraceServiceRequest request = SpanIdClient.request("http-load", 20, 16);
            HttpRequest post = HttpRequest.newBuilder(traces).header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build();
            try {
                HttpResponse<Void> response = http.send(post, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    synchronized (this) {
                        acknowledged.addAll(SpanIdClient.spanIds(request));
                    }
                    lastAcknowledgedNanos = System.nanoTime();
                } else {
                    refusal = new Refusal(response.statusCode(), response.headers().firstValue("Retry-After"), System.nanoTime());
                }
                Thread.sleep(2);
            } catch (IOException e) {
                refusal = new Refusal(-1, Optional.empty(), System.nanoTime());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    synchronized Set<Long> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** {@link System#nanoTime()} of the last acknowledged request; {@code Long.MIN_VALUE} while none was. */
    long lastAcknowledgedNanos() {
        return lastAcknowledgedNanos;
    }

    /** The first refusal (status -1: no answer at all), or null while every request was acknowledged. */
    Refusal refusal() {
        return refusal;
    }

    /** Stops after the request in hand is answered; interrupted, it keeps the interrupt. */
    @Override
    public void close() {
        stopped = true;
        try {
            if (sender != null) {
                sender.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
