package dev.otlp.runtime.export;

import dev.otlp.runtime.otlp.Signal;
import io.grpc.Metadata;
import io.grpc.Status;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Every {@code reason} an export attempt can fail with, found by asking the classifiers about every outcome. */
public final class ExportFailureReasons {

    /** What the retrying upstream itself names: a transport closed under it, an OAuth2 token it cannot get, a bug. */
    private static final Set<String> OWN = Set.of("shutdown", "oauth2_token", "internal");

    private ExportFailureReasons() {
    }

    public static Set<String> all() {
        Set<String> reasons = new TreeSet<>(OWN);
        for (Status.Code code : Status.Code.values()) {
            if (code != Status.Code.OK) {
                reasons.add(reason(GrpcOutcomes.classify(code.toStatus(), new Metadata(), "upstream:4317")));
            }
        }
        reasons.add(reason(GrpcOutcomes.classify(Status.UNAVAILABLE.withCause(new SSLHandshakeException("bad certificate")),
                new Metadata(), "upstream:4317")));
        for (int status = 300; status < 600; status++) {
            reasons.add(reason(HttpOutcomes.classify(Signal.TRACES, response(status), Clock.systemUTC())));
        }
        for (Throwable failure : new Throwable[] {new SSLHandshakeException("bad certificate"), new ConnectException("refused"),
                new HttpTimeoutException("timed out"), new IOException("reset")}) {
            reasons.add(reason(HttpOutcomes.classify(failure, "https://upstream:4318")));
        }
        return reasons;
    }

    private static String reason(Attempt attempt) {
        if (attempt instanceof Attempt.Retryable retryable) {
            return retryable.reason();
        }
        if (attempt instanceof Attempt.Blocked blocked) {
            return blocked.reason().label();
        }
        if (attempt instanceof Attempt.Rejected rejected) {
            return rejected.reason();
        }
        throw new IllegalArgumentException("not a failure: " + attempt);
    }

    private static HttpResponse<byte[]> response(int status) {
        return new HttpResponse<>() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpRequest request() {
                return HttpRequest.newBuilder(URI.create("https://upstream:4318/v1/traces")).build();
            }

            @Override
            public Optional<HttpResponse<byte[]>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public HttpHeaders headers() {
                return HttpHeaders.of(Map.of(), (name, value) -> true);
            }

            @Override
            public byte[] body() {
                return new byte[0];
            }

            @Override
            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            @Override
            public URI uri() {
                return request().uri();
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
