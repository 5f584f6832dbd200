package dev.otlp.runtime.receiver;

import dev.otlp.runtime.telemetry.RateLimitedLog;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds the receiver to its maximum of open connections. A connection that would pass it takes the
 * place of the oldest connection that has not sent a byte of a request yet, which is closed (see
 * {@link MakeRoom}); when every open connection has sent one, the new connection is closed as soon
 * as it is accepted. Silent connections therefore cannot lock other clients out.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {

    /**
     * Fired down a silent connection's pipeline, on its event loop, when {@code newcomer} takes its
     * place: {@link RequestDeadlines} closes the connection, or, when its first request began
     * meanwhile, {@link #refuse refuses} the newcomer instead.
     */
    record MakeRoom(Channel newcomer) {
    }

    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("otlp-connection-counted");

    private final int max;
    private final RuntimeMetrics metrics;
    private final RateLimitedLog log;
    private final AtomicInteger open = new AtomicInteger();
    /** Open connections that have not sent a byte of a request yet, oldest first. */
    private final Set<Channel> silent = new LinkedHashSet<>();

    ConnectionLimit(int max, RuntimeMetrics metrics, RateLimitedLog log) {
        this.max = max;
        this.metrics = metrics;
        this.log = log;
    }

    int open() {
        return open.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (open.incrementAndGet() > max && !makeRoom(ctx.channel())) {
            open.decrementAndGet();
            refuse(ctx.channel());
            return;
        }
        ctx.channel().attr(COUNTED).set(Boolean.TRUE);
        synchronized (silent) {
            silent.add(ctx.channel());
        }
        ctx.fireChannelActive();
    }

    /** Whether the oldest silent connection was told to close, so that {@code newcomer} may stay. */
    private boolean makeRoom(Channel newcomer) {
        Channel oldest;
        synchronized (silent) {
            Iterator<Channel> oldestFirst = silent.iterator();
            if (!oldestFirst.hasNext()) {
                return false;
            }
            oldest = oldestFirst.next();
            oldestFirst.remove();
        }
        log.warn("OTLP/HTTP connection from " + oldest.remoteAddress() + " closed to make room for " + newcomer.remoteAddress()
                + ": it has sent nothing, and the receiver holds its maximum of " + max + " connections");
        oldest.pipeline().fireUserEventTriggered(new MakeRoom(newcomer));
        return true;
    }

    /** Closes a connection the receiver has no place for. */
    void refuse(Channel newcomer) {
        metrics.connectionClosed("connection_limit");
        log.warn("OTLP/HTTP connection from " + newcomer.remoteAddress() + " closed: the receiver holds its maximum of "
                + max + " connections");
        newcomer.close();
    }

    /** The connection sent the first byte of a request, or closed: it is no longer one to close to make room. */
    void noLongerSilent(Channel channel) {
        synchronized (silent) {
            silent.remove(channel);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        noLongerSilent(ctx.channel());
        if (ctx.channel().attr(COUNTED).getAndSet(null) != null) {
            open.decrementAndGet();
        }
        ctx.fireChannelInactive();
    }
}
