package dev.otlp.runtime.receiver;

import dev.otlp.runtime.telemetry.RateLimitedLog;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

import java.util.concurrent.atomic.AtomicInteger;

/** Closes a connection as soon as it is accepted when the receiver already holds its maximum. */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("otlp-connection-counted");

    private final int max;
    private final RuntimeMetrics metrics;
    private final RateLimitedLog log;
    private final AtomicInteger open = new AtomicInteger();

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
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            metrics.connectionClosed("connection_limit");
            log.warn("OTLP/HTTP connection from " + ctx.channel().remoteAddress() + " closed: the receiver holds its maximum of "
                    + max + " connections");
            ctx.close();
            return;
        }
        ctx.channel().attr(COUNTED).set(Boolean.TRUE);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ctx.channel().attr(COUNTED).getAndSet(null) != null) {
            open.decrementAndGet();
        }
        ctx.fireChannelInactive();
    }
}
