package io.parley.edge.identity;

import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.edge.socketio.Socket;
import io.smallrye.mutiny.Uni;

/**
 * {@code parley.auth.mode=insecure-dev}: trusts the {@code userId} of the CONNECT auth payload.
 * For local development and tests only; refused at startup in the {@code prod} profile.
 */
public final class InsecureDevIdentityResolver implements IdentityResolver {

    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    @Override
    public Uni<Identity> resolve(Socket socket) {
        JsonNode userId = socket.auth().get("userId");
        if (userId == null || !userId.isTextual() || !USER_ID.matcher(userId.textValue()).matches()) {
            return Uni.createFrom().failure(AuthException.required());
        }
        JsonNode name = socket.auth().get("displayName");
        String displayName = name != null && name.isTextual() ? name.textValue() : userId.textValue();
        return Uni.createFrom().item(new Identity(userId.textValue(), displayName, Set.of()));
    }

    /** There are no tokens in this mode: a refresh is always refused. */
    @Override
    public Uni<Identity> refresh(String token) {
        return Uni.createFrom().failure(AuthException.invalid());
    }
}
