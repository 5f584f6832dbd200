package dev.otlp.runtime.testing;

import io.grpc.Status;

import java.time.Duration;

/** How the {@link TestUpstream} answers one export request. */
public sealed interface Reaction {

    Reaction ACCEPT = new Accept();
    Reaction STALL = new Stall();
    Reaction RESET = new Reset();

    /** Success with no partial-success details. */
    record Accept() implements Reaction {
    }

    /** A gRPC status, and over HTTP the status code the OTLP specification pairs with it (or the one given). */
    record Fail(Status.Code grpcCode, int httpStatus) implements Reaction {
        public Fail(Status.Code grpcCode) {
            this(grpcCode, httpStatusFor(grpcCode));
        }

        static int httpStatusFor(Status.Code code) {
            return switch (code) {
                case INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION -> 400;
                case UNAUTHENTICATED -> 401;
                case PERMISSION_DENIED -> 403;
                case NOT_FOUND -> 404;
                case RESOURCE_EXHAUSTED -> 429;
                case UNIMPLEMENTED -> 501;
                case UNAVAILABLE -> 503;
                case DEADLINE_EXCEEDED -> 504;
                default -> 500;
            };
        }
    }

    /** gRPC RESOURCE_EXHAUSTED with a RetryInfo; HTTP 429 with Retry-After (whole seconds, rounded up). */
    record Throttle(Duration delay) implements Reaction {
    }

    /** Success that refuses some of the items, with a message. */
    record PartialSuccess(long rejected, String message) implements Reaction {
    }

    /** Success after a delay: a slow collector. */
    record Slow(Duration delay) implements Reaction {
    }

    /** No answer until {@link TestUpstream#release()}, then success. */
    record Stall() implements Reaction {
    }

    /** The connection is torn down without an answer (a TCP reset on gRPC, an empty close on HTTP). */
    record Reset() implements Reaction {
    }
}
