package io.parley.edge.engineio;

/** One way of carrying a session's packets. Methods are called with the session's lock held. */
interface Transport {

    String name();

    /** Queues or writes a frame; never blocks. */
    void send(OutboundFrame frame);

    /** Whether a frame sent now goes out at once (volatile emits are dropped otherwise). */
    boolean writable();

    /** Frames accepted but not yet handed to the network. */
    int backlog();

    /**
     * Ends the transport.
     *
     * @param clientInitiated the client asked to close (a waiting poll is answered with noop, not close)
     */
    void close(boolean clientInitiated);
}
