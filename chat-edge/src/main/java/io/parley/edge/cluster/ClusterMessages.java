package io.parley.edge.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Requests and responses between nodes are maps, sent as MessagePack; messages from Node.js
 * processes may be JSON (they start with '{'). Pure: decoding only.
 */
final class ClusterMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterMessages() {
    }

    /** @throws IllegalArgumentException when the payload is neither a JSON object nor a MessagePack map */
    static JsonNode decode(byte[] payload) {
        JsonNode node;
        if (payload.length > 0 && payload[0] == '{') {
            try {
                node = JSON.readTree(new String(payload, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalArgumentException("malformed JSON request");
            }
        } else {
            node = MsgPack.decode(payload);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a request must be a map");
        }
        return node;
    }
}
