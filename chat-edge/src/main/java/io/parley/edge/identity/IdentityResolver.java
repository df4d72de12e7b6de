package io.parley.edge.identity;

import io.parley.edge.socketio.Socket;
import io.smallrye.mutiny.Uni;

/**
 * Authenticates a socket at CONNECT, from its auth payload and handshake headers. Fails with
 * {@link io.parley.edge.socketio.ConnectRefusedException} to refuse; never blocks. This is the seam
 * the OIDC implementation plugs into.
 */
public interface IdentityResolver {

    Uni<Identity> resolve(Socket socket);

    /**
     * Validates a fresh token for a connected socket ({@code auth:refresh}): fails with
     * {@link AuthException} when the token is not valid.
     */
    Uni<Identity> refresh(String token);
}
