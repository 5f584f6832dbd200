package dev.otlp.process;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class StopSignalsTest {

    @Test
    void awaitReturnsOnceOneOfTheSignalsArrives() throws Exception {
        // SIGHUP, not SIGTERM: the test JVM must still stop on SIGTERM if the build has to stop it
        StopSignals signals = StopSignals.install(List.of("HUP"));
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();

        assertTimeoutPreemptively(Duration.ofSeconds(10), signals::await);
    }

    @Test
    void aSignalThatCannotBeCaughtIsNamed() {
        assertThatThrownBy(() -> StopSignals.install(List.of("NOSUCH")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot catch SIGNOSUCH: ");
        assertThatThrownBy(() -> StopSignals.install(List.of("KILL")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot catch SIGKILL: ");
    }

    @Test
    void theHandlerRunsItsActionAndIsEqualOnlyToItself() throws Exception {
        Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
        AtomicInteger runs = new AtomicInteger();
        Object handler = StopSignals.handler(handlerType, "TERM", runs::incrementAndGet);
        Object other = StopSignals.handler(handlerType, "TERM", runs::incrementAndGet);

        handlerType.getMethod("handle", Class.forName("sun.misc.Signal")).invoke(handler, new Object[] {null});

        assertThat(runs).hasValue(1);
        assertThat(handler).isEqualTo(handler).isNotEqualTo(other).hasToString("stop handler for SIGTERM");
        assertThat(handler.hashCode()).isEqualTo(handler.hashCode()).isEqualTo(System.identityHashCode(handler));
    }
}
