package io.parley.edge.socketio;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Appends a JSON tree to a {@link StringBuilder}, with the same text as Jackson's
 * {@code ObjectMapper.writeValueAsString}: objects, arrays, strings, booleans, nulls and integers are
 * written here directly, any other node (floating-point and big numbers, binary, POJO nodes) by Jackson.
 * Every packet the edge sends is encoded this way, so it spares the generator, its contexts and the
 * intermediate string Jackson allocates per call.
 */
final class JsonTreeWriter {

    private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();

    private JsonTreeWriter() {
    }

    static void append(StringBuilder out, JsonNode node, ObjectMapper fallback) {
        if (node instanceof TextNode text) {
            appendString(out, text.textValue());
        } else if (node instanceof ObjectNode object) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                appendString(out, field.getKey());
                out.append(':');
                append(out, field.getValue(), fallback);
            }
            out.append('}');
        } else if (node instanceof ArrayNode array) {
            out.append('[');
            for (int i = 0, n = array.size(); i < n; i++) {
                if (i > 0) {
                    out.append(',');
                }
                append(out, array.get(i), fallback);
            }
            out.append(']');
        } else if (node instanceof IntNode || node instanceof LongNode || node instanceof ShortNode) {
            out.append(node.longValue());
        } else if (node instanceof BooleanNode) {
            out.append(node.booleanValue());
        } else if (node instanceof NullNode) {
            out.append("null");
        } else {
            try {
                out.append(fallback.writeValueAsString(node));
            } catch (IOException e) {
                throw new IllegalStateException("JSON encoding failed", e);
            }
        }
    }

    /** A JSON string as Jackson's generator writes it, escaped by Jackson's own encoder. */
    static void appendString(StringBuilder out, String value) {
        out.append('"');
        STRINGS.quoteAsString(value, out);
        out.append('"');
    }
}
