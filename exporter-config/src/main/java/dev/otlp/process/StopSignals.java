package dev.otlp.process;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * SIGTERM and SIGINT, caught, for a program that serves until told to stop: it installs these, awaits
 * them, then closes what it runs and exits 0 itself (with a shutdown hook instead, the JVM would exit 143
 * or 130). The handlers are {@code sun.misc.Signal}'s, reached by reflection because javac's warning that
 * the API is internal cannot be suppressed, and the build fails on warnings.
 */
public final class StopSignals {

    private static final List<String> STOPPING = List.of("TERM", "INT");

    private final CountDownLatch received = new CountDownLatch(1);

    private StopSignals() {
    }

    /** Catches SIGTERM and SIGINT from now on; fails, naming the signal, if one cannot be caught. */
    public static StopSignals install() {
        return install(STOPPING);
    }

    /** Catches the named signals ("TERM", "HUP") from now on. */
    static StopSignals install(List<String> names) {
        StopSignals signals = new StopSignals();
        for (String name : names) {
            handle(name, signals.received::countDown);
        }
        return signals;
    }

    /** Waits until one of the signals arrives, or returns at once if one has. */
    public void await() throws InterruptedException {
        received.await();
    }

    private static void handle(String name, Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            signalClass.getMethod("handle", signalClass, handlerType).invoke(null, signal, handler(handlerType, name, action));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot catch SIG" + name + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot catch SIG" + name + ": this JVM has no sun.misc.Signal", e);
        }
    }

    /** A {@code handlerType} that runs {@code action}; equal only to itself, as a lambda would be. */
    static Object handler(Class<?> handlerType, String name, Runnable action) {
        return Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[] {handlerType},
                (proxy, method, args) -> switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "stop handler for SIG" + name;
                    case "handle" -> {
                        action.run();
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.toString());
                });
    }
}
