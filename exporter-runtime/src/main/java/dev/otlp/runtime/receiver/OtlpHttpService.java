package dev.otlp.runtime.receiver;

import com.google.rpc.Code;
import dev.otlp.runtime.compression.Bounded;
import dev.otlp.runtime.compression.ReservationRefusedException;
import dev.otlp.runtime.compression.TooLargeException;
import dev.otlp.runtime.compression.ZstdDecompressor;
import dev.otlp.runtime.config.ReceiverConfig;
import dev.otlp.runtime.otlp.MalformedRequestException;
import dev.otlp.runtime.otlp.OtlpJson;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.pipeline.Intake;
import dev.otlp.runtime.queue.Admission;
import dev.otlp.runtime.telemetry.RateLimitedLog;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import dev.otlp.runtime.telemetry.RuntimeMetrics.Outcome;
import dev.otlp.runtime.telemetry.RuntimeMetrics.ReceiverTransport;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * What the OTLP/HTTP receiver answers, apart from moving bytes: {@code POST /v1/traces|metrics|logs}
 * with {@code application/x-protobuf} or {@code application/json} bodies, identity, gzip or zstd
 * encoded. Answers per the OTLP/HTTP spec: 200 with an {@code Export*ServiceResponse}, 400 with a
 * {@code google.rpc.Status} naming what is malformed, 429 or 503 with {@code Retry-After} when the
 * data should be retried, and 401, 404, 405, 408, 413, 415 for what the client must fix. Every
 * answer to a signal's path is counted in {@code otlp_requests_total}.
 */
final class OtlpHttpService {

    private static final Logger LOG = LoggerFactory.getLogger(OtlpHttpService.class);
    private static final byte[] EMPTY_PROTOBUF_RESPONSE = new byte[0];

    private final ReceiverConfig config;
    private final Reception reception;
    private final ApiKeyCheck apiKey;
    private final DecodeBudget budget;
    private final RateLimitedLog clientErrors = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private final RateLimitedLog serverErrors = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private final Map<String, Signal> signalsByPath = Map.of(
            Signal.TRACES.httpPath(), Signal.TRACES,
            Signal.METRICS.httpPath(), Signal.METRICS,
            Signal.LOGS.httpPath(), Signal.LOGS);
    private final Map<Signal, byte[]> jsonResponses = new EnumMap<>(Signal.class);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile boolean closingConnections;
    private final AtomicInteger inFlight = new AtomicInteger();

    OtlpHttpService(ReceiverConfig config, ApiKeyCheck apiKey, Intake intake, RuntimeMetrics metrics, DecodeBudget budget) {
        this.config = config;
        this.reception = new Reception(intake, metrics, ReceiverTransport.HTTP);
        this.apiKey = apiKey;
        this.budget = budget;
        for (Signal signal : Signal.values()) {
            jsonResponses.put(signal, OtlpJson.exportResponse(signal));
        }
    }

    RateLimitedLog clientErrors() {
        return clientErrors;
    }

    /** The request whose head arrived: accepted, so that its body is read, or refused with its answer. */
    OtlpHttpRequest open(HttpRequest head) {
        long arrival = System.nanoTime();
        HttpHeaders headers = head.headers();
        String contentType = mediaType(headers.get(HttpHeaderNames.CONTENT_TYPE));
        boolean json = HttpReply.JSON.equals(contentType);
        String path = new QueryStringDecoder(head.uri()).path();
        Signal signal = signalsByPath.get(path);
        String encoding = encoding(headers.get(HttpHeaderNames.CONTENT_ENCODING));
        inFlight.incrementAndGet();
        OtlpHttpRequest request = new OtlpHttpRequest(signal, json, encoding, arrival, budget.lease(),
                config.maxRequestSize(), this::ended);
        if (signal == null) {
            request.refuse(HttpReply.status(404, Code.NOT_FOUND, "no OTLP endpoint at " + abbreviate(path)
                    + "; use /v1/traces, /v1/metrics or /v1/logs", json));
        } else if (!HttpMethod.POST.equals(head.method())) {
            request.refuse(HttpReply.status(405, Code.UNIMPLEMENTED, head.method() + " is not allowed; use POST", json)
                    .allowing("POST"));
        } else if (stopping.get()) {
            refuse(request, Outcome.SHUTTING_DOWN,
                    HttpReply.retryLater(503, Code.UNAVAILABLE, "the exporter is shutting down; retry", json));
        } else if (apiKey.required() && !apiKey.accepts(headers.get(apiKey.header()), headers.get(HttpHeaderNames.AUTHORIZATION))) {
            refuse(request, Outcome.UNAUTHENTICATED, HttpReply.status(401, Code.UNAUTHENTICATED, "missing or invalid API key", json));
        } else if (!HttpReply.PROTOBUF.equals(contentType) && !json) {
            refuse(request, Outcome.UNSUPPORTED_MEDIA_TYPE, HttpReply.status(415, Code.INVALID_ARGUMENT, "unsupported Content-Type "
                    + abbreviate(headers.get(HttpHeaderNames.CONTENT_TYPE)) + "; use " + HttpReply.PROTOBUF + " or " + HttpReply.JSON, json));
        } else if (encoding == null) {
            refuse(request, Outcome.UNSUPPORTED_MEDIA_TYPE, HttpReply.status(415, Code.INVALID_ARGUMENT, "unsupported Content-Encoding "
                    + abbreviate(headers.get(HttpHeaderNames.CONTENT_ENCODING)) + "; use gzip, zstd or identity", json));
        } else {
            long contentLength = HttpUtil.getContentLength(head, -1L);
            if (contentLength >= 0) {
                try {
                    request.expect(contentLength);
                } catch (IOException e) {
                    refuse(request, e);
                }
            }
        }
        return request;
    }

    /** Appends a piece of the body; a body that cannot be held refuses the request. */
    void append(OtlpHttpRequest request, ByteBuf content) {
        try {
            request.append(content);
        } catch (IOException e) {
            refuse(request, e);
        }
    }

    /** The answer to a request whose body has arrived; decodes it and hands it to the intake. */
    HttpReply complete(OtlpHttpRequest request) {
        if (request.refused()) {
            return request.refusal();
        }
        Signal signal = request.signal;
        try {
            byte[] protobuf = decode(request);
            return admit(request, protobuf);
        } catch (MalformedRequestException e) {
            reception.rejected(signal, Outcome.INVALID, request.arrivalNanos);
            clientErrors.warn("refused an OTLP/HTTP " + signal.key() + " request: " + e.getMessage());
            return HttpReply.status(400, Code.INVALID_ARGUMENT, e.getMessage(), request.json);
        } catch (IOException e) {
            refuse(request, e);
            return request.refusal();
        } catch (RuntimeException e) {
            reception.rejected(signal, Outcome.INTERNAL_ERROR, request.arrivalNanos);
            serverErrors.error("failed to handle an OTLP/HTTP " + signal.key() + " request", e);
            return HttpReply.status(500, Code.INTERNAL, "internal error; retry later", request.json);
        }
    }

    /** The answer to a request whose body did not arrive in time. */
    HttpReply timedOut(OtlpHttpRequest request) {
        String message = "the request body did not arrive within the receiver's body timeout";
        if (request.signal != null && !request.refused()) {
            reception.rejected(request.signal, Outcome.TIMEOUT, request.arrivalNanos);
        }
        clientErrors.warn("OTLP/HTTP request timed out: " + message);
        return HttpReply.status(408, Code.DEADLINE_EXCEEDED, message, request.json).closing();
    }

    /** The answer to a request whose head the HTTP decoder could not read. */
    HttpReply unreadable(HttpRequest head) {
        Throwable cause = head.decoderResult().cause();
        clientErrors.warn("refused an unreadable HTTP request: " + cause.getMessage());
        int status = cause instanceof TooLongHttpHeaderException ? 431 : cause instanceof TooLongHttpLineException ? 414 : 400;
        return HttpReply.status(status, Code.INVALID_ARGUMENT, "unreadable HTTP request: " + cause.getMessage(), false)
                .closing();
    }

    private byte[] decode(OtlpHttpRequest request) throws IOException, MalformedRequestException {
        long max = config.maxRequestSize();
        byte[] raw = request.body();
        byte[] decoded;
        try {
            decoded = switch (request.encoding) {
                case "gzip" -> Bounded.readAll(new GZIPInputStream(new ByteArrayInputStream(raw)), max, request.lease());
                case "zstd" -> ZstdDecompressor.decompress(raw, max, request.lease());
                default -> raw;
            };
        } catch (TooLargeException | ReservationRefusedException e) {
            throw e;
        } catch (IOException e) {
            throw new MalformedRequestException("invalid " + request.encoding + " body: " + e.getMessage(), e);
        }
        return request.json ? OtlpJson.toProtobuf(request.signal, decoded, max, request.lease()) : decoded;
    }

    private HttpReply admit(OtlpHttpRequest request, byte[] protobuf) {
        Signal signal = request.signal;
        Admission admission;
        try {
            admission = reception.admit(signal, protobuf, request.arrivalNanos);
        } catch (MalformedRequestException e) {
            clientErrors.warn("refused an OTLP/HTTP " + signal.key() + " request: " + e.getMessage());
            return HttpReply.status(400, Code.INVALID_ARGUMENT, e.getMessage(), request.json);
        }
        return switch (admission) {
            case ACCEPTED -> HttpReply.ok(request.json ? jsonResponses.get(signal) : EMPTY_PROTOBUF_RESPONSE, request.json);
            case QUEUE_FULL -> HttpReply.retryLater(429, Code.RESOURCE_EXHAUSTED, "the exporter's queue is full; retry later", request.json);
            case SHUTTING_DOWN -> HttpReply.retryLater(503, Code.UNAVAILABLE, "the exporter is shutting down; retry", request.json);
            case TOO_LARGE -> HttpReply.status(413, Code.RESOURCE_EXHAUSTED, reception.tooLargeMessage(signal, protobuf), request.json);
        };
    }

    /** Refuses a request whose body is too large, or whose memory cannot be reserved. */
    private void refuse(OtlpHttpRequest request, IOException cause) {
        if (cause instanceof TooLargeException) {
            refuse(request, Outcome.TOO_LARGE,
                    HttpReply.status(413, Code.RESOURCE_EXHAUSTED, "request " + cause.getMessage(), request.json));
        } else if (cause instanceof ReservationRefusedException) {
            refuse(request, Outcome.OVERLOADED,
                    HttpReply.retryLater(429, Code.RESOURCE_EXHAUSTED, cause.getMessage(), request.json));
        } else {
            refuse(request, Outcome.INVALID, HttpReply.status(400, Code.INVALID_ARGUMENT, cause.getMessage(), request.json));
        }
    }

    private void refuse(OtlpHttpRequest request, Outcome outcome, HttpReply reply) {
        reception.rejected(request.signal, outcome, request.arrivalNanos);
        request.refuse(reply);
    }

    /**
     * From now on each connection closes after its next answer, so that the client's next request opens a
     * new connection, which the Service sends to another pod once this one left its endpoints.
     */
    void closeConnectionsAfterAnswers() {
        closingConnections = true;
    }

    boolean keepsConnections() {
        return !closingConnections;
    }

    /** From now on requests are answered 503. */
    void stop() {
        stopping.set(true);
    }

    /** Waits until no request is in progress, or the thread is interrupted. */
    void awaitIdle() {
        synchronized (inFlight) {
            while (inFlight.get() > 0) {
                try {
                    inFlight.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void ended() {
        if (inFlight.decrementAndGet() == 0 && stopping.get()) {
            synchronized (inFlight) {
                inFlight.notifyAll();
            }
        }
    }

    /** The media type of a Content-Type header without its parameters, lower case; null when absent. */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
    }

    /** {@code identity}, {@code gzip} or {@code zstd}; null for an encoding this receiver cannot decode. */
    private static String encoding(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return "identity";
        }
        String encoding = contentEncoding.strip().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "identity", "gzip", "zstd" -> encoding;
            default -> null;
        };
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 80 ? String.valueOf(text) : text.substring(0, 80) + "…";
    }
}
