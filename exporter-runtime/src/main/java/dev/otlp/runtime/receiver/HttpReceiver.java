package dev.otlp.runtime.receiver;

import dev.otlp.runtime.config.ReceiverConfig;
import dev.otlp.runtime.pipeline.Intake;
import dev.otlp.runtime.telemetry.RateLimitedLog;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * OTLP/HTTP receiver on Netty. The event loops move bytes into each request's reserved buffer and
 * keep each connection's deadlines ({@link RequestDeadlines}); complete requests are decoded and
 * admitted on a separate group of threads ({@link OtlpHttpExchange}, {@link OtlpHttpService}), so
 * that neither slow clients nor large bodies hold up anyone else. What a request may hold in
 * memory while it is read and decoded comes from the {@link DecodeBudget} shared with the gRPC
 * receiver.
 */
public final class HttpReceiver {

    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADERS = 16 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;
    private static final Duration QUIET_PERIOD = Duration.ZERO;

    private final ReceiverConfig config;
    private final ReceiverCredentials credentials;
    private final HttpLimits limits;
    private final RuntimeMetrics metrics;
    private final OtlpHttpService service;
    private final ConnectionLimit connectionLimit;
    private final ChannelGroup connections = new DefaultChannelGroup("otlp-http", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptor;
    private EventLoopGroup io;
    private EventExecutorGroup decoders;
    private Channel listener;
    private Thread stopper;

    public HttpReceiver(ReceiverConfig config, ReceiverCredentials credentials, Intake intake, RuntimeMetrics metrics,
                        DecodeBudget budget) {
        this(config, credentials, intake, metrics, budget, HttpLimits.defaults());
    }

    HttpReceiver(ReceiverConfig config, ReceiverCredentials credentials, Intake intake, RuntimeMetrics metrics,
                 DecodeBudget budget, HttpLimits limits) {
        this.config = config;
        this.credentials = credentials;
        this.limits = limits;
        this.metrics = metrics;
        this.service = new OtlpHttpService(config, credentials.apiKeys(), intake, metrics, budget);
        this.connectionLimit = new ConnectionLimit(limits.maxConnections(), metrics,
                new RateLimitedLog(LoggerFactory.getLogger(HttpReceiver.class), Duration.ofSeconds(10)));
    }

    /** Binds {@code config.host():config.httpPort()} (0: an ephemeral port) and starts serving. */
    public synchronized HttpReceiver start() throws IOException {
        if (listener != null) {
            throw new IllegalStateException("the HTTP receiver was already started");
        }
        SslContext tls = config.hasTls() ? sslContext() : null;
        int processors = Runtime.getRuntime().availableProcessors();
        acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("otlp-http-accept", true));
        io = new NioEventLoopGroup(processors, new DefaultThreadFactory("otlp-http-io", true));
        decoders = new DefaultEventExecutorGroup(Math.max(2, processors), new DefaultThreadFactory("otlp-http", true));
        metrics.connectionsGauge(connectionLimit::open);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, io)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, limits.backlog())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        RequestDeadlines deadlines = new RequestDeadlines(limits, metrics, connectionLimit);
                        ChannelPipeline pipeline = channel.pipeline();
                        pipeline.addLast(connectionLimit);
                        if (tls != null) {
                            pipeline.addLast(tls.newHandler(channel.alloc()));
                        }
                        pipeline.addLast(deadlines.bytes);
                        pipeline.addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_CHUNK));
                        pipeline.addLast(deadlines.messages);
                        pipeline.addLast(new OtlpHttpExchange(service, decoders.next()));
                    }
                });
        ChannelFuture bound = bootstrap.bind(new InetSocketAddress(config.host(), config.httpPort())).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            stopThreads();
            throw new IOException("cannot listen for OTLP/HTTP on " + config.host() + ":" + config.httpPort() + ": "
                    + bound.cause().getMessage(), bound.cause());
        }
        listener = bound.channel();
        return this;
    }

    private SslContext sslContext() {
        try {
            return SslContextBuilder.forServer(credentials.serverKey()).build();
        } catch (SSLException e) {
            throw new UncheckedIOException("cannot set up TLS for the HTTP receiver: " + e.getMessage(), e);
        }
    }

    /** The bound port; the ephemeral one when configured with 0. */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Still taking requests, but closing each connection after its next answer: clients reconnect elsewhere. */
    public void closeConnectionsAfterAnswers() {
        service.closeConnectionsAfterAnswers();
    }

    /**
     * Stops taking requests: from now on they are answered 503, and the listener and every
     * connection close as soon as the requests in progress have been answered.
     */
    public synchronized void shutdown() {
        if (listener == null || stopper != null) {
            return;
        }
        service.stop();
        stopper = new Thread(() -> {
            service.awaitIdle();
            listener.close().awaitUninterruptibly();
            connections.close().awaitUninterruptibly();
            stopThreads();
        }, "otlp-http-stop");
        stopper.start();
    }

    private void stopThreads() {
        for (EventExecutorGroup group : new EventExecutorGroup[] {decoders, io, acceptor}) {
            if (group != null) {
                group.shutdownGracefully(QUIET_PERIOD.toMillis(), 5_000, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** @return whether the listener closed and every request was answered within {@code timeout} */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Thread stopping;
        synchronized (this) {
            stopping = stopper;
        }
        if (stopping == null) {
            return listener == null;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        stopping.join(Math.max(1, timeout.toMillis()));
        if (stopping.isAlive()) {
            return false;
        }
        for (EventExecutorGroup group : new EventExecutorGroup[] {decoders, io, acceptor}) {
            if (!group.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }
}
