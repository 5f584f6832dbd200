package dev.otlp.runtime.queue;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for {@code sync = "fsync"}: an append waits until a force covering it has completed;
 * when none is under way it does the force itself, for every append made so far. One force is so
 * shared by every request appended while the previous one ran.
 */
final class GroupCommit {

    /** Forces every append made so far to the device; returns the sequence number of the last one. */
    @FunctionalInterface
    interface Force {
        long run() throws IOException;
    }

    private final Force force;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition forced = lock.newCondition();
    private long covered;
    private boolean forcing;

    GroupCommit(Force force) {
        this.force = force;
    }

    /** Returns once append {@code sequence} is on the device. */
    @SuppressWarnings("PMD.UnusedAssignment") // forcing = true is read by the appenders that wait while the lock is let go
    void await(long sequence) throws IOException {
        lock.lock();
        try {
            while (covered < sequence) {
                if (forcing) {
                    forced.awaitUninterruptibly();
                    continue;
                }
                forcing = true;
                long reached;
                lock.unlock();
                try {
                    reached = force.run();
                } finally {
                    lock.lock();
                    forcing = false;
                    forced.signalAll();
                }
                covered = Math.max(covered, reached);
            }
        } finally {
            lock.unlock();
        }
    }
}
