package dev.otlp.runtime.pipeline;

import dev.otlp.runtime.export.Delivery;
import dev.otlp.runtime.export.Upstream;
import dev.otlp.runtime.otlp.Signal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;

/** An upstream that records every batch and answers as the test decides (by default: delivered at once). */
final class RecordingUpstream implements Upstream {

    record Sent(Signal signal, byte[] request, int items, long expiresAtMillis, CompletableFuture<Delivery> answer) {
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile BiFunction<byte[], Integer, Delivery> answer = (request, items) -> Delivery.success(items);
    private volatile boolean holding;

    /** From now on, batches stay unanswered until {@link #releaseAll}. */
    void hold() {
        holding = true;
    }

    void releaseAll() {
        holding = false;
        sent.forEach(s -> s.answer().complete(Delivery.success(s.items())));
    }

    void answerWith(Function<Integer, Delivery> answer) {
        this.answer = (request, items) -> answer.apply(items);
    }

    /** Answers by looking at each request. */
    void answerWith(BiFunction<byte[], Integer, Delivery> answer) {
        this.answer = answer;
    }

    int itemsSent() {
        return sent.stream().mapToInt(Sent::items).sum();
    }

    @Override
    public CompletableFuture<Delivery> send(Signal signal, byte[] request, int items, long expiresAtMillis) {
        CompletableFuture<Delivery> future = new CompletableFuture<>();
        sent.add(new Sent(signal, request, items, expiresAtMillis, future));
        if (!holding) {
            future.complete(answer.apply(request, items));
        }
        return future;
    }

    @Override
    public int activeConnections() {
        return 1;
    }

    @Override
    public void close() {
        sent.forEach(s -> s.answer().complete(Delivery.unsent(s.items())));
    }
}
