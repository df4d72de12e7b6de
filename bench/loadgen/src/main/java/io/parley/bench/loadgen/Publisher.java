package io.parley.bench.loadgen;

/**
 * The sending side of one publishing client: it stamps each message with (publisher, sequence, nanoTime),
 * sends it into its room with an ack id and records it in the ledger. Used on the client's event loop only.
 */
public final class Publisher {

    private final int index;
    private final ChatClient client;
    private final String roomId;
    private final int payloadSize;
    private final DeliveryLedger ledger;
    private long nextSequence;
    private long sendsWhileBackpressured;

    public Publisher(int index, ChatClient client, String roomId, int payloadSize, DeliveryLedger ledger) {
        this.index = index;
        this.client = client;
        this.roomId = roomId;
        this.payloadSize = payloadSize;
        this.ledger = ledger;
    }

    public int index() {
        return index;
    }

    public ChatClient client() {
        return client;
    }

    /** Sequence number of the next message. */
    public long nextSequence() {
        return nextSequence;
    }

    /** Sends that found the websocket's write queue full (the server is not reading fast enough). */
    public long sendsWhileBackpressured() {
        return sendsWhileBackpressured;
    }

    /** Sends the next message; does nothing when the client is not (or no longer) connected and joined. */
    public void sendNext() {
        if (!client.isReady()) {
            return;
        }
        long now = System.nanoTime();
        long seq = nextSequence++;
        if (client.writeQueueFull()) {
            sendsWhileBackpressured++;
        }
        String body = MessageStamp.encodeBody(index, seq, now, payloadSize);
        client.sendMessage(roomId, body, "c" + index + "-" + seq, now, seq);
        ledger.recordSent(index, now);
    }
}
