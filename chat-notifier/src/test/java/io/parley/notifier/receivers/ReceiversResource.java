package io.parley.notifier.receivers;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the {@link Receivers} before the application and points every provider at them; short
 * retry and coalescing settings so the tests finish quickly. Tests get the instance through
 * {@link #receivers()}.
 */
public class ReceiversResource implements QuarkusTestResourceLifecycleManager {

    private static volatile Receivers receivers;

    public static Receivers receivers() {
        return receivers;
    }

    @Override
    public Map<String, String> start() {
        try {
            receivers = new Receivers();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> c = new HashMap<>(receivers.config());
        c.put("parley.notifier.coalesce.window", "2s");
        c.put("parley.notifier.delivery.max-attempts", "3");
        c.put("parley.notifier.delivery.initial-backoff", "50ms");
        c.put("parley.notifier.delivery.max-backoff", "200ms");
        c.put("parley.notifier.delivery.timeout", "20s");
        c.put("parley.notifier.delivery.recovery-interval", "1s");
        c.put("mp.messaging.incoming.chat-messages-in.auto.offset.reset", "earliest");
        return c;
    }

    @Override
    public void stop() {
        if (receivers != null) {
            receivers.close();
        }
    }
}
