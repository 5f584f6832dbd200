package dev.otlp.runtime.e2e;

import dev.otlp.runtime.otlp.ByteArrayMarshaller;
import dev.otlp.runtime.otlp.Signal;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One client of a steady load over one gRPC channel, for counting: every span has a unique id,
 * the ids of acknowledged requests are remembered, and every other answer is counted by status
 * code with the time of the first one. It presents the API key it is told to use, if any, and a
 * refused request is not sent again (a client with a wrong key cannot succeed by retrying).
 */
final class KeyedLoadClient implements AutoCloseable {

    private static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;
    private final Set<Long> acknowledged = new HashSet<>();
    private final Map<Status.Code, Integer> refusals = new EnumMap<>(Status.Code.class);
    private volatile String apiKey;
    private volatile long firstRefusalNanos = Long.MAX_VALUE;
    private volatile long lastAcknowledgedNanos = Long.MIN_VALUE;
    private volatile boolean stopped;
    private Thread sender;

    KeyedLoadClient(ManagedChannel channel, String apiKey) {
        this.channel = channel;
        this.apiKey = apiKey;
    }

    /** The key the next requests present. */
    void useKey(String key) {
        apiKey = key;
    }

    /** Sends one request; returns its status (OK when acknowledged). */
    Status sendOnce() {
        ExportTraceServiceRequest request = SpanIdClient.request("rotation", 20, 16);
        Metadata headers = new Metadata();
        String key = apiKey;
        if (key != null) {
            headers.put(API_KEY, key);
        }
        try {
            ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
                    ByteArrayMarshaller.exportMethod(Signal.TRACES), CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                    request.toByteArray());
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
        synchronized (this) {
            acknowledged.addAll(SpanIdClient.spanIds(request));
        }
        lastAcknowledgedNanos = System.nanoTime();
        return Status.OK;
    }

    /** Sends requests one after the other from a thread until {@link #close()}. */
    KeyedLoadClient start() {
        sender = new Thread(() -> {
            while (!stopped) {
                Status status = sendOnce();
                if (!status.isOk() && !stopped) {
                    synchronized (this) {
                        refusals.merge(status.getCode(), 1, Integer::sum);
                        firstRefusalNanos = Math.min(firstRefusalNanos, System.nanoTime());
                    }
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "keyed-load-client");
        sender.start();
        return this;
    }

    synchronized Set<Long> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    synchronized Map<Status.Code, Integer> refusals() {
        return Map.copyOf(refusals);
    }

    /** {@link System#nanoTime()} of the first refused request; {@code Long.MAX_VALUE} while none was. */
    long firstRefusalNanos() {
        return firstRefusalNanos;
    }

    /** {@link System#nanoTime()} of the last acknowledged request; {@code Long.MIN_VALUE} while none was. */
    long lastAcknowledgedNanos() {
        return lastAcknowledgedNanos;
    }

    /** Stops sending after the request in hand is answered; interrupted, it keeps the interrupt. */
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
