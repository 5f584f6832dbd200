package dev.otlp.runtime.otlp;

import java.util.List;

/**
 * Serialized export requests of one signal: an export request is {@code repeated Resource*} at
 * field 1, so requests written one after the other are one valid request holding them all.
 */
public final class ExportRequests {

    private ExportRequests() {
    }

    /**
     * @param totalBytes the sum of the requests' lengths, kept by the caller as it gathered them
     * @return the one request; the only one itself when there is one, without a copy
     */
    public static byte[] concatenate(List<byte[]> requests, int totalBytes) {
        if (requests.size() == 1) {
            return requests.get(0);
        }
        byte[] request = new byte[totalBytes];
        int offset = 0;
        for (byte[] part : requests) {
            System.arraycopy(part, 0, request, offset, part.length);
            offset += part.length;
        }
        return request;
    }
}
