package io.parley.edge.transport;

import java.util.Map;
import java.util.TreeMap;

import io.vertx.core.MultiMap;

/** A case-insensitive snapshot of request headers (first value of each). */
final class HttpHeadersCopy {

    private HttpHeadersCopy() {
    }

    static Map<String, String> of(MultiMap headers) {
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> header : headers) {
            copy.putIfAbsent(header.getKey(), header.getValue());
        }
        return copy;
    }
}
