package dev.otlp.runtime.export;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.otlp.runtime.export.UpstreamHealth.BlockReason;
import dev.otlp.runtime.otlp.Signal;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** Classifies an OTLP/HTTP export's response or failure as the OTLP specification says. */
final class HttpOutcomes {

    private static final int MAX_MESSAGE = 512;
    private static final Set<Integer> NAMED_STATUSES = Set.of(400, 408, 413, 415, 429, 500, 502, 503, 504);

    private HttpOutcomes() {
    }

    static Attempt classify(Signal signal, HttpResponse<byte[]> response, Clock clock) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            return PartialSuccess.parse(signal, response.body());
        }
        String reason = reason(status);
        String message = "HTTP " + status + errorMessage(response.body());
        return switch (status) {
            case 429, 502, 503, 504 -> new Attempt.Retryable(reason, message,
                    response.headers().firstValue("retry-after").map(value -> retryAfter(value, clock)).orElse(null));
            case 401, 407 -> new Attempt.Blocked(BlockReason.UNAUTHENTICATED, message);
            case 403 -> new Attempt.Blocked(BlockReason.PERMISSION_DENIED, message);
            case 404, 405 -> new Attempt.Blocked(BlockReason.NOT_FOUND, message);
            case 501 -> new Attempt.Blocked(BlockReason.UNIMPLEMENTED, message);
            default -> new Attempt.Rejected(reason, message);
        };
    }

    /**
     * The {@code reason} label of a failed export: {@code http_} and the status for those the OTLP/HTTP
     * spec and proxies give, its class ({@code http_4xx}) for the rest, so that every label value can
     * exist at 0 from start-up ({@link dev.otlp.runtime.telemetry.RuntimeMetrics#EXPORT_FAILURE_REASONS}).
     */
    static String reason(int status) {
        return NAMED_STATUSES.contains(status) ? "http_" + status : "http_" + status / 100 + "xx";
    }

    static Attempt classify(Throwable failure, String endpoint) {
        SSLHandshakeException handshake = Causes.find(failure, SSLHandshakeException.class);
        if (handshake != null) {
            return new Attempt.Blocked(BlockReason.TLS, "TLS handshake with " + endpoint + " failed: " + Causes.rootMessage(handshake));
        }
        if (Causes.find(failure, HttpConnectTimeoutException.class) != null || Causes.find(failure, ConnectException.class) != null) {
            return new Attempt.Retryable("connect", "cannot connect to " + endpoint + ": " + Causes.rootMessage(failure));
        }
        if (Causes.find(failure, HttpTimeoutException.class) != null) {
            return new Attempt.Retryable("timeout", "no response from " + endpoint + " in time");
        }
        return new Attempt.Retryable("io", "exchange with " + endpoint + " failed: " + Causes.rootMessage(failure));
    }

    /** {@code Retry-After} as delay-seconds or an HTTP-date; null when it is neither. */
    static Duration retryAfter(String value, Clock clock) {
        String trimmed = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration delay = Duration.between(clock.instant(), at);
                return delay.isNegative() ? Duration.ZERO : delay;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    /** The message of a {@code google.rpc.Status} body, else the start of a text body. */
    private static String errorMessage(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            String message = com.google.rpc.Status.parseFrom(body).getMessage();
            if (!message.isEmpty()) {
                return ": " + message;
            }
        } catch (InvalidProtocolBufferException notStatus) {
            // plain text or JSON
        }
        String text = new String(body, 0, Math.min(body.length, MAX_MESSAGE), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "" : ": " + text;
    }
}
