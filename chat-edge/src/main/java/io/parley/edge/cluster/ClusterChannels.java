package io.parley.edge.cluster;

/**
 * Redis channel names, as the Node.js Redis adapter 8.x and emitter 5.x name them, so that Node
 * processes and Parley nodes share rooms: {@code <prefix>#<nsp>#} for broadcasts to several rooms
 * or the whole namespace, {@code <prefix>#<nsp>#<room>#} for one room, and
 * {@code <prefix>-request#<nsp>#} / {@code <prefix>-response#<nsp>#} for cluster requests.
 */
public record ClusterChannels(String prefix) {

    public String broadcast(String nsp) {
        return prefix + "#" + nsp + "#";
    }

    public String room(String nsp, String room) {
        return prefix + "#" + nsp + "#" + room + "#";
    }

    public String request(String nsp) {
        return prefix + "-request#" + nsp + "#";
    }

    public String response(String nsp) {
        return prefix + "-response#" + nsp + "#";
    }

    public String specificResponse(String nsp, String uid) {
        return response(nsp) + uid + "#";
    }

    public boolean isBroadcast(String channel) {
        return channel.startsWith(prefix + "#");
    }

    public boolean isRequest(String channel) {
        return channel.startsWith(prefix + "-request#");
    }

    public boolean isResponse(String channel) {
        return channel.startsWith(prefix + "-response#");
    }
}
