package dev.otlp.runtime.export;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import dev.otlp.runtime.export.UpstreamHealth.BlockReason;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;

import javax.net.ssl.SSLHandshakeException;
import java.time.Duration;
import java.util.Locale;

/** Classifies a failed gRPC export as the OTLP specification says. */
final class GrpcOutcomes {

    private GrpcOutcomes() {
    }

    static Attempt classify(Status status, Metadata trailers, String endpoint) {
        String reason = status.getCode().name().toLowerCase(Locale.ROOT);
        String message = describe(status);
        SSLHandshakeException handshake = Causes.find(status.getCause(), SSLHandshakeException.class);
        if (handshake != null) {
            return new Attempt.Blocked(BlockReason.TLS, "TLS handshake with " + endpoint + " failed: " + Causes.rootMessage(handshake));
        }
        return switch (status.getCode()) {
            case CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS ->
                    new Attempt.Retryable(reason, message, retryDelay(status, trailers));
            case RESOURCE_EXHAUSTED -> {
                // Without RetryInfo the server says the data itself is too much, e.g. larger than it receives.
                Duration delay = retryDelay(status, trailers);
                yield delay == null ? new Attempt.Rejected(reason, message) : new Attempt.Retryable(reason, message, delay);
            }
            case UNAUTHENTICATED -> new Attempt.Blocked(BlockReason.UNAUTHENTICATED, message);
            case PERMISSION_DENIED -> new Attempt.Blocked(BlockReason.PERMISSION_DENIED, message);
            case NOT_FOUND -> new Attempt.Blocked(BlockReason.NOT_FOUND, message);
            case UNIMPLEMENTED -> new Attempt.Blocked(BlockReason.UNIMPLEMENTED, message);
            default -> new Attempt.Rejected(reason, message);
        };
    }

    /** The status's description, with the root cause that made it (gRPC says only "io exception" for a refused connection). */
    private static String describe(Status status) {
        String cause = status.getCause() == null ? null : Causes.rootMessage(status.getCause());
        if (status.getDescription() == null) {
            return cause != null ? cause : status.getCode().name();
        }
        return cause == null || status.getDescription().contains(cause) ? status.getDescription()
                : status.getDescription() + ": " + cause;
    }

    /** The delay of a {@code google.rpc.RetryInfo} in the status details, or null. */
    private static Duration retryDelay(Status status, Metadata trailers) {
        com.google.rpc.Status details = StatusProto.fromStatusAndTrailers(status, trailers);
        if (details == null) {
            return null;
        }
        for (Any detail : details.getDetailsList()) {
            if (detail.is(RetryInfo.class)) {
                try {
                    com.google.protobuf.Duration delay = detail.unpack(RetryInfo.class).getRetryDelay();
                    return Duration.ofSeconds(delay.getSeconds(), delay.getNanos());
                } catch (InvalidProtocolBufferException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
