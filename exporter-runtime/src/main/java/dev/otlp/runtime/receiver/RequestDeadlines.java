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
 * The deadlines of one connection, so that a slow, stalled or silent client holds its connection and
 * nothing else: the first request's headers must arrive within {@link HttpLimits#headerTimeout()} of
 * the connection's acceptance (TLS handshake included), a later request's within the header timeout
 * of its first byte, each body within {@link HttpLimits#bodyTimeout()} of its headers, and a
 * kept-alive connection without a request is closed after {@link HttpLimits#idleTimeout()}. A
 * connection that has sent nothing yet is also closed when {@link ConnectionLimit} needs its place.
 * {@link #bytes} sits before the HTTP codec and sees the first byte; {@link #messages} sits after it
 * and sees the request's head, its end, and the response. Both run on the connection's event loop.
 */
final class RequestDeadlines {

    /** Fired down the pipeline when a body did not arrive in time; the request's handler answers 408. */
    static final Object BODY_TIMED_OUT = new Object();

    private enum State { SILENT, HEADERS, BODY, ANSWERING, IDLE, CLOSED }

    private final HttpLimits limits;
    private final RuntimeMetrics metrics;
    private final ConnectionLimit connectionLimit;
    private State state = State.SILENT;
    private ScheduledFuture<?> timer;

    RequestDeadlines(HttpLimits limits, RuntimeMetrics metrics, ConnectionLimit connectionLimit) {
        this.limits = limits;
        this.metrics = metrics;
        this.connectionLimit = connectionLimit;
    }

    final ChannelHandler bytes = new ChannelInboundHandlerAdapter() {

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            headerDeadline(ctx);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf) {
                if (state == State.SILENT) {
                    state = State.HEADERS;
                    connectionLimit.noLongerSilent(ctx.channel());
                } else if (state == State.IDLE) {
                    state = State.HEADERS;
                    headerDeadline(ctx);
                }
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ConnectionLimit.MakeRoom room) {
                if (state == State.CLOSED || !ctx.channel().isActive()) {
                    return; // closing already: its place is free
                }
                if (state == State.SILENT) {
                    closeWithoutHeaders(ctx);
                } else {
                    connectionLimit.refuse(room.newcomer());
                }
                return;
            }
            ctx.fireUserEventTriggered(event);
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

    /** From a new connection's acceptance, or a kept-alive one's next byte, until the request's head. */
    private void headerDeadline(ChannelHandlerContext ctx) {
        schedule(ctx, limits.headerTimeout(), () -> closeWithoutHeaders(ctx));
    }

    private void closeWithoutHeaders(ChannelHandlerContext ctx) {
        cancel();
        state = State.CLOSED;
        metrics.connectionClosed("header_timeout");
        ctx.close();
    }

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
