package io.parley.edge.socketio;

/**
 * The result of a cluster-wide operation. Partial-result rule: the operation waits for every node
 * that was subscribed when it started, until the request timeout; then it returns what arrived,
 * with {@code partial = true} and the counts, instead of failing.
 */
public record ClusterResult<T>(T value, int nodesExpected, int nodesResponded, boolean partial) {

    public static <T> ClusterResult<T> local(T value) {
        return new ClusterResult<>(value, 1, 1, false);
    }
}
