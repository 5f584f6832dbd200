package dev.otlp.operator.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves forward, to see what the operator does weeks from now. */
public final class AdjustableClock extends Clock {

    private volatile Instant now;

    public AdjustableClock() {
        this(Instant.now());
    }

    public AdjustableClock(Instant start) {
        now = start;
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the operator reads instants only");
    }

    @Override
    public Instant instant() {
        return now;
    }
}
