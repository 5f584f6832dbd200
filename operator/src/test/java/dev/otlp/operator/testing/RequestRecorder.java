package dev.otlp.operator.testing;

import dev.otlp.cluster.ApiRequestListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every request that reaches the API server. Take a {@link #mark()}, let things happen,
 * then look at what came {@link #since(int) since} it, for example that a resync wrote nothing.
 */
public final class RequestRecorder implements ApiRequestListener {

    public record ApiRequest(ApiVerb verb, String method, String path, String userAgent) {
        public boolean isWrite() {
            return verb.isWrite();
        }

        @Override
        public String toString() {
            return verb + " " + method + " " + path + " (" + userAgent + ")";
        }
    }

    private final List<ApiRequest> requests = new ArrayList<>();

    @Override
    public synchronized void requestReceived(String method, String pathAndQuery, String userAgent) {
        requests.add(new ApiRequest(ApiVerb.of(method, pathAndQuery), method, pathAndQuery, userAgent));
    }

    /** @return a position in the record, to pass to {@link #since(int)} */
    public synchronized int mark() {
        return requests.size();
    }

    public synchronized List<ApiRequest> since(int mark) {
        return List.copyOf(requests.subList(mark, requests.size()));
    }

    /** @return the writes since the mark made by clients with this {@code User-Agent} */
    public List<ApiRequest> writesSince(int mark, String userAgent) {
        List<ApiRequest> writes = new ArrayList<>();
        for (ApiRequest request : since(mark)) {
            if (request.isWrite() && userAgent.equals(request.userAgent())) {
                writes.add(request);
            }
        }
        return writes;
    }
}
