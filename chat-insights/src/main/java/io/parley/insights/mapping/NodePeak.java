package io.parley.insights.mapping;

/** Most sockets open at the same time on one edge node within a window. */
public record NodePeak(String nodeId, long peak) {
}
