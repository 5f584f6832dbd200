package dev.otlp.runtime.receiver;

import dev.otlp.runtime.compression.Bounded;
import dev.otlp.runtime.compression.ReservationRefusedException;
import dev.otlp.runtime.compression.TooLargeException;
import dev.otlp.runtime.telemetry.RuntimeMetrics.Outcome;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.io.IOException;
import java.io.InputStream;

/**
 * An export request as the gRPC receiver read it: its serialized bytes and the decode budget they
 * hold, or why it could not be read. gRPC answers UNKNOWN for anything a marshaller throws, so
 * reading never throws: a corrupt compressed message, one too large, or one the budget cannot
 * hold becomes a refusal that the service answers with its precise status.
 */
final class ReceivedRequest {

    final byte[] bytes;
    final Outcome refusal;
    final String problem;
    private final DecodeBudget.Lease lease;

    private ReceivedRequest(byte[] bytes, DecodeBudget.Lease lease, Outcome refusal, String problem) {
        this.bytes = bytes;
        this.lease = lease;
        this.refusal = refusal;
        this.problem = problem;
    }

    boolean refused() {
        return refusal != null;
    }

    /** Returns the request's memory to the budget; idempotent. */
    void release() {
        lease.close();
    }

    /** Reads requests of at most {@code maxSize} bytes (after decompression), reserving them from {@code budget}. */
    static MethodDescriptor.Marshaller<ReceivedRequest> marshaller(DecodeBudget budget, long maxSize) {
        return new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(ReceivedRequest value) {
                throw new UnsupportedOperationException("the receiver only reads requests");
            }

            @Override
            public ReceivedRequest parse(InputStream stream) {
                return read(stream, budget.lease(), maxSize);
            }
        };
    }

    private static ReceivedRequest read(InputStream stream, DecodeBudget.Lease lease, long maxSize) {
        try {
            byte[] bytes = stream instanceof KnownLength ? readKnownLength(stream, lease, maxSize)
                    : Bounded.readAll(stream, maxSize, lease);
            return new ReceivedRequest(bytes, lease, null, null);
        } catch (TooLargeException e) {
            return refused(lease, Outcome.TOO_LARGE, "request " + e.getMessage());
        } catch (ReservationRefusedException e) {
            return refused(lease, Outcome.OVERLOADED, e.getMessage());
        } catch (StatusRuntimeException e) {
            // gRPC's own limit on a decompressed message.
            return e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED
                    ? refused(lease, Outcome.TOO_LARGE, "request exceeds the limit of " + maxSize + " bytes")
                    : refused(lease, Outcome.INVALID, "unreadable message: " + e.getStatus().getDescription());
        } catch (IOException | RuntimeException e) {
            return refused(lease, Outcome.INVALID, "unreadable message (corrupt compression?): " + e.getMessage());
        }
    }

    private static ReceivedRequest refused(DecodeBudget.Lease lease, Outcome outcome, String problem) {
        lease.close();
        return new ReceivedRequest(null, lease, outcome, problem);
    }

    private static byte[] readKnownLength(InputStream stream, DecodeBudget.Lease lease, long maxSize) throws IOException {
        int length = stream.available();
        if (length > maxSize) {
            throw new TooLargeException(maxSize);
        }
        lease.reserve(length);
        byte[] message = new byte[length];
        int read = 0;
        while (read < length) {
            int n = stream.read(message, read, length - read);
            if (n < 0) {
                throw new IOException("message ended after " + read + " of " + length + " bytes");
            }
            read += n;
        }
        return message;
    }
}
