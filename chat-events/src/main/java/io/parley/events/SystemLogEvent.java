package io.parley.events;

import java.util.Map;

/**
 * A node's operational event, on {@link Topics#SYSTEM_LOGS} with key = nodeId.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param eventId       unique id (UUID string)
 * @param nodeId        the node that logged it
 * @param level         log level: TRACE, DEBUG, INFO, WARN or ERROR
 * @param kind          what kind of event
 * @param message       human readable text
 * @param ts            Unix epoch milliseconds
 * @param attributes    extra string attributes; may be empty, never null once read
 */
public record SystemLogEvent(int schemaVersion, String eventId, String nodeId, String level, Kind kind,
        String message, long ts, Map<String, String> attributes) implements ContractEvent {

    public static final int SCHEMA_VERSION = 1;

    public enum Kind {
        NODE_STARTED, NODE_STOPPED, ERROR, SECURITY
    }

    public SystemLogEvent {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public static SystemLogEvent of(String eventId, String nodeId, String level, Kind kind, String message, long ts,
            Map<String, String> attributes) {
        return new SystemLogEvent(SCHEMA_VERSION, eventId, nodeId, level, kind, message, ts, attributes);
    }

    @Override
    public String key() {
        return nodeId;
    }
}
