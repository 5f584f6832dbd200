package dev.otlp.runtime.receiver;

import dev.otlp.runtime.telemetry.RuntimeMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of one connection, so that a slow or stalled client holds its connection and
 * nothing else: its headers must arrive within {@link HttpLimits#headerTimeout()} of the request's
 * first byte, its body within {@link HttpLimits#bodyTimeout()} of the headers, and a kept-alive
 * connection without a request is closed after {@link HttpLimits#idleTimeout()}. {@link #bytes}
 * sits before the HTTP codec and sees the first byte; {@link #messages} sits after it and sees the
 * request's head, its end, and the response. Both run on the connection's event loop.
 */
final class RequestDeadlines {

    /** Fired down the pipeline when a body did not arrive in time; the request's handler answers 408. */
    static final Object BODY_TIMED_OUT = new Object();

    private enum State { IDLE, HEADERS, BODY, ANSWERING }

    private final HttpLimits limits;
    private final RuntimeMetrics metrics;
    private State state = State.IDLE;
    private ScheduledFuture<?> timer;

    RequestDeadlines(HttpLimits limits, RuntimeMetrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
    }

    final ChannelHandler bytes = new ChannelInboundHandlerAdapter() {

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            idle(ctx);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (state == State.IDLE && msg instanceof ByteBuf) {
                state = State.HEADERS;
                schedule(ctx, limits.headerTimeout(), () -> {
                    metrics.connectionClosed("header_timeout");
                    ctx.close();
                });
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancel();
            ctx.fireChannelInactive();
        }
    };

    final ChannelHandler messages = new ChannelDuplexHandler() {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                state = State.BODY;
                schedule(ctx, limits.bodyTimeout(), () -> {
                    state = State.ANSWERING;
                    metrics.connectionClosed("body_timeout");
                    ctx.fireUserEventTriggered(BODY_TIMED_OUT);
                });
            }
            if (msg instanceof LastHttpContent && state == State.BODY) {
                state = State.ANSWERING;
                cancel();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse response && response.status().code() >= 200 && state == State.ANSWERING) {
                promise = promise.unvoid();
                promise.addListener(written -> {
                    if (state == State.ANSWERING && ctx.channel().isActive()) {
                        idle(ctx);
                    }
                });
            }
            ctx.write(msg, promise);
        }
    };

    private void idle(ChannelHandlerContext ctx) {
        state = State.IDLE;
        schedule(ctx, limits.idleTimeout(), () -> {
            metrics.connectionClosed("idle");
            ctx.close();
        });
    }

    private void schedule(ChannelHandlerContext ctx, Duration delay, Runnable expiry) {
        cancel();
        timer = ctx.executor().schedule(expiry, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
