package dev.otlp.runtime.e2e;

import com.google.protobuf.ByteString;
import dev.otlp.runtime.otlp.ByteArrayMarshaller;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.testing.TestUpstream;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A well-behaved OTLP/gRPC client for counting: every span gets a unique id, a request refused
 * with a retryable status (or not answered) is sent again with the same ids, and the ids of every
 * acknowledged request are remembered. What the runtime acknowledged must arrive upstream.
 */
final class SpanIdClient implements AutoCloseable {

    private static final AtomicLong NEXT_ID = new AtomicLong(1);

    private ManagedChannel channel;
    private final Set<Long> acknowledged = new HashSet<>();
    private final AtomicLong refusals = new AtomicLong();
    private volatile boolean stopped;
    private volatile Throwable senderFailure;
    private Thread sender;

    /** A client of the runtime at {@code host:port}. */
    SpanIdClient(String host, int port) {
        connect(host, port);
    }

    /** A client that is told where to send with {@link #connect(int)}, and may be moved to another runtime. */
    SpanIdClient() {
    }

    void connect(int port) {
        connect("127.0.0.1", port);
    }

    private void connect(String host, int port) {
        if (channel != null) {
            channel.shutdownNow();
        }
        channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext().build();
    }

    /** A request of {@code spans} spans with fresh ids, from {@code service}. */
    static ExportTraceServiceRequest request(String service, int spans, int traceIdBytes) {
        return request(service, spans, traceIdBytes, "");
    }

    /** The same, each span's name padded with {@code padding}. */
    static ExportTraceServiceRequest request(String service, int spans, int traceIdBytes, String padding) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < spans; i++) {
            long id = NEXT_ID.getAndIncrement();
            scope.addSpans(Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(Arrays.copyOf(ByteBuffer.allocate(8).putLong(id).array(), traceIdBytes)))
                    .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array()))
                    .setName("span-" + id + padding)
                    .setStartTimeUnixNano(1_700_000_000_000_000_000L + id)
                    .setEndTimeUnixNano(1_700_000_000_001_000_000L + id));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeSpans(scope)).build();
    }

    static List<Long> spanIds(ExportTraceServiceRequest request) {
        List<Long> ids = new ArrayList<>();
        request.getResourceSpansList().forEach(r -> r.getScopeSpansList().forEach(
                s -> s.getSpansList().forEach(span -> ids.add(TestUpstream.spanId(span.getSpanId())))));
        return ids;
    }

    /** Sends once; returns the status (OK when acknowledged) and remembers the ids of an acknowledged request. */
    Status sendOnce(ExportTraceServiceRequest request) {
        try {
            ClientCalls.blockingUnaryCall(channel, ByteArrayMarshaller.exportMethod(Signal.TRACES),
                    CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request.toByteArray());
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
        synchronized (this) {
            acknowledged.addAll(spanIds(request));
        }
        return Status.OK;
    }

    /** Sends until acknowledged, backing off while refused with a retryable status; fails on any other. */
    void sendUntilAcknowledged(ExportTraceServiceRequest request) throws InterruptedException {
        Status status = sendWhileRetryable(request);
        if (!status.isOk()) {
            throw new AssertionError("the runtime answered " + status + " to a valid request");
        }
    }

    /** Sends until acknowledged or answered with a status that is not retryable, and returns the last status. */
    private Status sendWhileRetryable(ExportTraceServiceRequest request) throws InterruptedException {
        while (true) {
            Status status = sendOnce(request);
            switch (status.getCode()) {
                case CANCELLED -> throw new InterruptedException("stopped while sending");
                case RESOURCE_EXHAUSTED, UNAVAILABLE, DEADLINE_EXCEEDED -> {
                    refusals.incrementAndGet();
                    // A runtime that restarts is back within a second: reconnect then, not after gRPC's back-off.
                    channel.resetConnectBackoff();
                    Thread.sleep(20);
                }
                default -> {
                    return status;
                }
            }
        }
    }

    /**
     * Sends requests of {@code spans} spans one after the other, from a thread, until {@link #stop()}.
     *
     * @param serverMayDie whether a request may end without an answer the client can act on, as when the
     *                     runtime is killed mid-call (gRPC then says INTERNAL or UNKNOWN): such a request is
     *                     not acknowledged and the client goes on; otherwise any such answer fails the client
     */
    void startSending(int spans, long pauseMillis, boolean serverMayDie) {
        sender = new Thread(() -> {
            try {
                while (!stopped) {
                    Status status = sendWhileRetryable(request("load", spans, 16));
                    if (!status.isOk() && !serverMayDie) {
                        throw new AssertionError("the runtime answered " + status + " to a valid request");
                    }
                    Thread.sleep(pauseMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                senderFailure = e;
            }
        }, "span-id-client");
        sender.start();
    }

    /** Stops sending, leaving the request in hand unacknowledged if it is; fails if sending failed. */
    void stop() throws InterruptedException {
        stopped = true;
        if (sender != null) {
            sender.interrupt();
            sender.join();
        }
        if (senderFailure != null) {
            throw new AssertionError("the client's sender failed", senderFailure);
        }
    }

    synchronized Set<Long> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    long refusals() {
        return refusals.get();
    }

    /** Whether every acknowledged id is at {@code upstream}; cheap while some are obviously not yet there. */
    boolean allDeliveredTo(TestUpstream upstream) {
        synchronized (this) {
            if (upstream.acceptedSpans() < acknowledged.size()) {
                return false;
            }
        }
        return missingFrom(upstream.acceptedSpanIds()).isEmpty();
    }

    /** The acknowledged ids missing from {@code delivered}. */
    Set<Long> missingFrom(Collection<Long> delivered) {
        Set<Long> missing = new HashSet<>(acknowledged());
        missing.removeAll(new HashSet<>(delivered));
        return missing;
    }

    /** Stops sending (failing if sending failed) and closes the channel; interrupted, it keeps the interrupt. */
    @Override
    public void close() {
        try {
            stop();
            if (channel != null) {
                channel.shutdownNow();
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            if (channel != null) {
                channel.shutdownNow();
            }
            Thread.currentThread().interrupt();
        }
    }
}
