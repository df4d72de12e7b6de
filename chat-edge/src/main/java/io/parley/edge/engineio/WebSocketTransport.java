package io.parley.edge.engineio;

import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;

/**
 * WebSocket: one packet per frame, written straight to the connection. Counts frames that Netty has
 * not yet handed to the kernel, which is the signal for volatile drops and slow-client disconnects.
 */
public final class WebSocketTransport implements Transport {

    static final String NAME = "websocket";

    private final WebSocketConnection connection;
    private final Context context;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile EngineIoSession session;
    private volatile boolean closed;

    public WebSocketTransport(WebSocketConnection connection, Context context) {
        this.connection = connection;
        this.context = context;
    }

    @Override
    public String name() {
        return NAME;
    }

    public WebSocketConnection connection() {
        return connection;
    }

    Context context() {
        return context;
    }

    EngineIoSession session() {
        return session;
    }

    void attach(EngineIoSession session) {
        this.session = session;
    }

    @Override
    public void send(OutboundFrame frame) {
        if (closed) {
            return;
        }
        inFlight.incrementAndGet();
        Uni<Void> write = frame.isBinary() ? connection.sendBinary(frame.binary()) : connection.sendText(frame.text());
        write.subscribe().with(ok -> inFlight.decrementAndGet(), failure -> inFlight.decrementAndGet());
    }

    @Override
    public boolean writable() {
        return inFlight.get() == 0;
    }

    @Override
    public int backlog() {
        return inFlight.get();
    }

    @Override
    public void close(boolean clientInitiated) {
        if (closed) {
            return;
        }
        closed = true;
        if (connection.isOpen()) {
            connection.close(CloseReason.NORMAL).subscribe().with(ok -> {
            }, failure -> {
            });
        }
    }

    boolean isClosed() {
        return closed;
    }
}
