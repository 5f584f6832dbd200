package dev.otlp.runtime.queue;

/** A queue whose bounds and what it holds are one {@link QueueBudget}. */
abstract class BoundedQueue implements PayloadQueue {

    final QueueBudget budget;

    BoundedQueue(QueueBudget budget) {
        this.budget = budget;
    }

    @Override
    public long items() {
        return budget.items();
    }

    @Override
    public long maxItems() {
        return budget.maxItems();
    }

    @Override
    public long bytes() {
        return budget.bytes();
    }

    @Override
    public long maxBytes() {
        return budget.maxBytes();
    }
}
