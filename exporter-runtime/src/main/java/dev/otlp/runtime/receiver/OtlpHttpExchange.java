package dev.otlp.runtime.receiver;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * The requests of one OTLP/HTTP connection, one at a time. On the connection's event loop it
 * copies each body into the request's reserved buffer as it arrives (so nothing waits in a queue
 * unaccounted for), and throws away the body of a refused request (up to {@link #DISCARD_LIMIT}) so
 * that the client reads the answer instead of a reset connection. A complete request is decoded and
 * admitted on the decoding threads; meanwhile the connection reads nothing more, and what it had
 * already read of a pipelined request waits for the answer. Keeps the connection alive when the
 * client asks for it.
 */
final class OtlpHttpExchange extends ChannelInboundHandlerAdapter {

    /** Bytes of a refused body read and thrown away before the connection is closed under it. */
    static final long DISCARD_LIMIT = 64L << 20;

    private final OtlpHttpService service;
    private final Executor decoding;
    private final ArrayDeque<Object> deferred = new ArrayDeque<>();
    private OtlpHttpRequest request;
    private boolean keepAlive;
    private boolean answering;

    OtlpHttpExchange(OtlpHttpService service, Executor decoding) {
        this.service = service;
        this.decoding = decoding;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (answering) {
            deferred.add(msg);
            return;
        }
        try {
            if (msg instanceof HttpRequest head) {
                begin(ctx, head);
            }
            if (msg instanceof HttpContent content && request != null) {
                service.append(request, content.content());
                if (request.discarded() > DISCARD_LIMIT) {
                    finish(ctx, true);
                } else if (content instanceof LastHttpContent) {
                    finish(ctx, false);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void begin(ChannelHandlerContext ctx, HttpRequest head) {
        if (head.decoderResult().isFailure()) {
            answer(ctx, service.unreadable(head), false);
            return;
        }
        keepAlive = HttpUtil.isKeepAlive(head);
        request = service.open(head);
        boolean expectsContinue = HttpUtil.is100ContinueExpected(head);
        if (request.refused() && (expectsContinue || HttpUtil.getContentLength(head, 0L) > DISCARD_LIMIT)) {
            finish(ctx, true);
        } else if (expectsContinue) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
    }

    private void finish(ChannelHandlerContext ctx, boolean bodyUnread) {
        OtlpHttpRequest done = request;
        request = null;
        boolean keep = keepAlive && !bodyUnread;
        answering = true;
        ctx.channel().config().setAutoRead(false);
        decoding.execute(() -> {
            HttpReply reply;
            try {
                reply = service.complete(done);
            } catch (RuntimeException | Error e) {
                done.release();
                throw e;
            }
            // released once written: a shutdown waits for every request in progress to end before it closes the connections
            answer(ctx, reply, keep && service.keepsConnections()).addListener(written -> {
                done.release();
                resume(ctx);
            });
        });
    }

    /** On the event loop, once an answer is written: reads again, starting with what waited. */
    private void resume(ChannelHandlerContext ctx) {
        answering = false;
        while (!answering && !deferred.isEmpty()) {
            channelRead(ctx, deferred.poll());
        }
        if (!answering && ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == RequestDeadlines.BODY_TIMED_OUT && request != null) {
            OtlpHttpRequest late = request;
            request = null;
            late.release();
            answer(ctx, service.timedOut(late), false);
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (request != null) {
            request.release();
            request = null;
        }
        deferred.forEach(ReferenceCountUtil::release);
        deferred.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        service.clientErrors().warn("closed an OTLP/HTTP connection from " + ctx.channel().remoteAddress() + ": " + cause);
        ctx.close();
    }

    private static ChannelFuture answer(ChannelHandlerContext ctx, HttpReply reply, boolean keepAlive) {
        boolean keep = keepAlive && !reply.closeConnection();
        ChannelFuture written = ctx.writeAndFlush(reply.toResponse(keep));
        if (!keep) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        return written;
    }
}
