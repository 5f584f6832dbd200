package dev.otlp.runtime.receiver;

import com.google.rpc.Code;
import dev.otlp.runtime.otlp.OtlpJson;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * One OTLP/HTTP answer, in the request's media type (protobuf unless it sent JSON): a body, or a
 * {@code google.rpc.Status} naming what went wrong, with {@code Retry-After} when the client should
 * send the data again.
 */
record HttpReply(int status, byte[] body, boolean json, boolean retryLater, String allow, boolean closeConnection) {

    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";

    static HttpReply ok(byte[] body, boolean json) {
        return new HttpReply(200, body, json, false, null, false);
    }

    static HttpReply status(int httpStatus, Code code, String message, boolean json) {
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(code.getNumber())
                .setMessage(message)
                .build();
        return new HttpReply(httpStatus, json ? OtlpJson.print(status) : status.toByteArray(), json, false, null, false);
    }

    static HttpReply retryLater(int httpStatus, Code code, String message, boolean json) {
        return status(httpStatus, code, message, json).withRetryLater();
    }

    HttpReply withRetryLater() {
        return new HttpReply(status, body, json, true, allow, closeConnection);
    }

    HttpReply allowing(String methods) {
        return new HttpReply(status, body, json, retryLater, methods, closeConnection);
    }

    /** The connection closes after this answer: the rest of the request cannot be read. */
    HttpReply closing() {
        return new HttpReply(status, body, json, retryLater, allow, true);
    }

    FullHttpResponse toResponse(boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, json ? JSON : PROTOBUF)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (retryLater) {
            response.headers().setInt(HttpHeaderNames.RETRY_AFTER, Reception.RETRY_AFTER_SECONDS);
        }
        if (allow != null) {
            response.headers().set(HttpHeaderNames.ALLOW, allow);
        }
        if (!keepAlive || closeConnection) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }
}
