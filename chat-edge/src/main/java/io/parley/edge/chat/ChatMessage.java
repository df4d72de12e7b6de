package io.parley.edge.chat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A chat message as broadcast in {@code message:new}. */
public record ChatMessage(String id, String roomId, String senderId, String body, String clientMsgId, long ts) {

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id);
        json.put("roomId", roomId);
        json.put("senderId", senderId);
        json.put("body", body);
        if (clientMsgId == null) {
            json.putNull("clientMsgId");
        } else {
            json.put("clientMsgId", clientMsgId);
        }
        json.put("ts", ts);
        return json;
    }
}
