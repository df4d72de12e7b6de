package io.parley.edge.socketio;

import io.smallrye.mutiny.Uni;

/**
 * Decides whether a socket may connect to a namespace (authentication goes here). Fail the Uni with
 * {@link ConnectRefusedException} to refuse; never block.
 */
@FunctionalInterface
public interface ConnectGuard {
    Uni<Void> check(Socket socket);
}
