package io.parley.insights.service;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.parley.insights.config.InsightsConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Runs a batch write in one transaction and insists until it is committed:
 * <ul>
 * <li>a failure that may pass (connection lost, database restarting, deadlock, serialization
 * failure...) retries the whole batch with exponential backoff, for as long as the application runs
 * (the consumer's offsets do not move meanwhile; the Kafka readiness check turns DOWN when a record
 * waits too long);</li>
 * <li>a failure that is the data's fault (SQLSTATE class 22 "data exception" or 23 "integrity
 * constraint violation") cannot pass: the batch is split and each item written in its own
 * transaction, so that only the items the database rejects are returned, to be dead-lettered.</li>
 * </ul>
 */
@ApplicationScoped
public class BatchWriter {

    private static final Logger LOG = Logger.getLogger(BatchWriter.class);

    /** An item the database refused, with its SQLSTATE and message. */
    public record Rejected<T>(T item, String sqlState, String message) {
    }

    /** Outcome of a batch: what the writer counted, and the rejected items. */
    public record Result<T>(Tally tally, List<Rejected<T>> rejected) {
    }

    private final InsightsConfig config;
    private final InsightsMetrics metrics;
    private volatile boolean stopping;

    public BatchWriter(InsightsConfig config, InsightsMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /**
     * @param topic  for logs and metrics
     * @param items  the batch
     * @param writer writes a list inside the current transaction and tells what it counted; it may
     *               run more than once (each attempt in a new transaction)
     */
    public <T> Result<T> write(String topic, List<T> items, Function<List<T>, Tally> writer) {
        if (items.isEmpty()) {
            return new Result<>(Tally.NONE, List.of());
        }
        try {
            return new Result<>(retrying(topic, () -> inTransaction(items, writer)), List.of());
        } catch (DataRejected e) {
            LOG.warnf("batch of %d on %s rejected by the database (%s: %s); writing its records one by one",
                    items.size(), topic, e.sqlState, e.getMessage());
        }
        Tally written = Tally.NONE;
        List<Rejected<T>> rejected = new ArrayList<>();
        for (T item : items) {
            try {
                written = written.plus(retrying(topic, () -> inTransaction(List.of(item), writer)));
            } catch (DataRejected e) {
                rejected.add(new Rejected<>(item, e.sqlState, e.getMessage()));
            }
        }
        return new Result<>(written, rejected);
    }

    private <T> Tally inTransaction(List<T> items, Function<List<T>, Tally> writer) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> writer.apply(items));
        } catch (RuntimeException e) {
            SQLException sql = sqlCause(e);
            String state = sql == null ? null : sql.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                throw new DataRejected(state, sql.getMessage());
            }
            throw e;
        }
    }

    private Tally retrying(String topic, java.util.function.Supplier<Tally> attempt) {
        Duration backoff = config.retry().initialBackoff();
        while (true) {
            try {
                return attempt.get();
            } catch (DataRejected e) {
                throw e;
            } catch (RuntimeException e) {
                if (stopping) {
                    throw e;
                }
                metrics.retry(topic);
                LOG.warnf("writing a batch of %s failed, retrying in %d ms: %s", topic, backoff.toMillis(),
                        rootMessage(e));
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                Duration doubled = backoff.multipliedBy(2);
                backoff = doubled.compareTo(config.retry().maxBackoff()) > 0 ? config.retry().maxBackoff() : doubled;
            }
        }
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                SQLException next = sql.getNextException();
                return next != null && next.getSQLState() != null ? next : sql;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }

    private static final class DataRejected extends RuntimeException {
        final String sqlState;

        DataRejected(String sqlState, String message) {
            super(message, null, false, false);
            this.sqlState = sqlState;
        }
    }
}
