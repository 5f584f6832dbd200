package dev.otlp.runtime.receiver;

import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.telemetry.RateLimitedLog;
import dev.otlp.runtime.telemetry.RuntimeMetrics.Outcome;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Filter;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The calls gRPC itself refuses with RESOURCE_EXHAUSTED because the size in their message's header
 * passes {@code max_request_size} (its {@code maxInboundMessageSize}, checked before any of the message
 * is buffered). They never reach the service, so they are counted here, when their stream closes, as the
 * service counts its own refusals ({@code outcome="too_large"}) and logged on the receiver's rate-limited
 * line. gRPC's own WARN with a stack trace for each of them is left out; its other reports are not.
 */
final class GrpcMessageLimit extends ServerStreamTracer.Factory {

    /** Where grpc-netty reports a message it could not deframe, each with its stack trace. */
    private static final Logger DEFRAMING_LOG = Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerStream");
    private static final Filter ALL_BUT_SIZE_REFUSALS = record -> record.getThrown() == null
            || Status.fromThrowable(record.getThrown()).getCode() != Status.Code.RESOURCE_EXHAUSTED;
    private static final ServerStreamTracer NOT_AN_EXPORT = new ServerStreamTracer() {
    };

    private final Reception reception;
    private final RateLimitedLog clientErrors;
    private final long maxSize;
    private final Map<String, Signal> signalsByMethod = Arrays.stream(Signal.values())
            .collect(Collectors.toUnmodifiableMap(Signal::grpcExportMethod, Function.identity()));

    GrpcMessageLimit(Reception reception, RateLimitedLog clientErrors, long maxSize) {
        this.reception = reception;
        this.clientErrors = clientErrors;
        this.maxSize = maxSize;
        DEFRAMING_LOG.setFilter(ALL_BUT_SIZE_REFUSALS);
    }

    @Override
    public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        Signal signal = signalsByMethod.get(fullMethodName);
        return signal == null ? NOT_AN_EXPORT : new Export(signal, System.nanoTime());
    }

    /** One export call: refused by gRPC when it closes with RESOURCE_EXHAUSTED before its message was read. */
    private final class Export extends ServerStreamTracer {

        private final Signal signal;
        private final long arrivalNanos;
        private volatile boolean messageRead;

        Export(Signal signal, long arrivalNanos) {
            this.signal = signal;
            this.arrivalNanos = arrivalNanos;
        }

        @Override
        public void inboundMessage(int seqNo) {
            messageRead = true;
        }

        @Override
        public void streamClosed(Status status) {
            if (!messageRead && status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                reception.rejected(signal, Outcome.TOO_LARGE, arrivalNanos);
                clientErrors.warn("refused an OTLP/gRPC " + signal.key() + " request: request exceeds the limit of "
                        + maxSize + " bytes (" + status.getDescription() + ")");
            }
        }
    }
}
