package io.parley.edge.identity;

import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.parley.edge.chat.ErrorCode;
import io.parley.edge.socketio.ConnectRefusedException;
import io.parley.edge.socketio.Socket;
import io.smallrye.mutiny.Uni;

/**
 * {@code parley.auth.mode=insecure-dev}: trusts the {@code userId} of the CONNECT auth payload.
 * For local development and tests only; never the production default.
 */
public final class InsecureDevIdentityResolver implements IdentityResolver {

    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    @Override
    public Uni<Identity> resolve(Socket socket) {
        JsonNode userId = socket.auth().get("userId");
        if (userId == null || !userId.isTextual() || !USER_ID.matcher(userId.textValue()).matches()) {
            return Uni.createFrom().failure(new ConnectRefusedException("Authentication required",
                    JsonNodeFactory.instance.objectNode().put("code", ErrorCode.UNAUTHENTICATED.name())));
        }
        JsonNode name = socket.auth().get("displayName");
        String displayName = name != null && name.isTextual() ? name.textValue() : userId.textValue();
        return Uni.createFrom().item(new Identity(userId.textValue(), displayName, Set.of()));
    }
}
