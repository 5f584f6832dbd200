package dev.otlp.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Trace export calls as OTLP/HTTP {@code POST /v1/traces} with the JDK's HTTP/1.1 client, which opens as many
 * connections as there are calls in flight. The requests are built once up front and sent as they are.
 */
final class HttpTransport implements LoadGenerator.Transport {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "load-http");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(executor).build();
    private final List<HttpRequest> requests;

    /** @param bodies the request variants, already encoded as {@code contentType} */
    HttpTransport(String host, int port, String contentType, List<byte[]> bodies) {
        URI uri = URI.create("http://" + host + ":" + port + "/v1/traces");
        this.requests = bodies.stream().map(body -> HttpRequest.newBuilder(uri)
                .header("Content-Type", contentType)
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build()).toList();
    }

    @Override
    public void send(int variant, LoadGenerator.Answer answer) {
        client.sendAsync(requests.get(variant), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null) {
                answer.failed(error.toString());
            } else if (response.statusCode() == 200) {
                answer.acknowledged();
            } else if (response.statusCode() == 429 || response.statusCode() == 503) {
                answer.refused();
            } else {
                answer.failed("HTTP " + response.statusCode());
            }
        });
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
