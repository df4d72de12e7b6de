package io.parley.notifier.service;

import java.sql.SQLException;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.parley.notifier.config.NotifierConfig;
import io.parley.notifier.repository.MemberRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Fills the notifier's copy of room membership from chat-persister's tables when the notifier
 * starts, so memberships whose events have left membership-events (retention) are known too. The
 * copy only adds; membership-events keeps it current afterwards. It runs on a worker thread and
 * holds the bootstrap lock against membership-events batches ({@link MemberRepository}). When the
 * database cannot be reached it is tried again every {@code parley.notifier.members.bootstrap-retry};
 * when the persister's tables are not there (another database, or the persister never ran) it says
 * so once and the notifier goes on with membership-events alone.
 */
@ApplicationScoped
public class MembershipBootstrap {

    private static final Logger LOG = Logger.getLogger(MembershipBootstrap.class);
    private static final Pattern SQL_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    /** PostgreSQL: undefined_table, invalid_schema_name. */
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String INVALID_SCHEMA = "3F000";

    /** How one bootstrap attempt ended. */
    public enum Outcome {
        COPIED, NO_PERSISTER_TABLES, FAILED
    }

    /** @param added the memberships the copy lacked (0 unless COPIED) */
    public record Result(Outcome outcome, int added) {
    }

    private final MemberRepository members;
    private final NotifierConfig.Members config;
    private final Vertx vertx;
    private volatile boolean stopped;
    private volatile long retryTimer = -1;

    public MembershipBootstrap(MemberRepository members, NotifierConfig config, Vertx vertx) {
        this.members = members;
        this.config = config.members();
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (!config.bootstrap()) {
            LOG.info("membership bootstrap off (parley.notifier.members.bootstrap=false): memberships come from "
                    + "membership-events only");
            return;
        }
        checkSchemaName(config.persisterSchema());
        attemptOnWorker();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        long timer = retryTimer;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void attemptOnWorker() {
        vertx.executeBlocking(() -> {
            if (!stopped && copy(config.persisterSchema()).outcome() == Outcome.FAILED && !stopped) {
                retryTimer = vertx.setTimer(config.bootstrapRetry().toMillis(), id -> attemptOnWorker());
            }
            return null;
        }, false);
    }

    /**
     * One bootstrap attempt from the persister's tables in the given schema.
     *
     * @throws IllegalArgumentException when the schema is not an SQL identifier
     */
    public Result copy(String persisterSchema) {
        checkSchemaName(persisterSchema);
        try {
            int added = QuarkusTransaction.requiringNew().call(() -> members.copyFromPersister(persisterSchema));
            LOG.infof("membership bootstrap: %d membership(s) added from chat-persister's tables in schema %s",
                    added, persisterSchema);
            return new Result(Outcome.COPIED, added);
        } catch (RuntimeException e) {
            String state = sqlState(e);
            if (UNDEFINED_TABLE.equals(state) || INVALID_SCHEMA.equals(state)) {
                LOG.warnf("membership bootstrap skipped: no chat-persister tables (group_members, chat_groups) in "
                        + "schema %s of this database; memberships come from membership-events only", persisterSchema);
                return new Result(Outcome.NO_PERSISTER_TABLES, 0);
            }
            LOG.warnf(e, "membership bootstrap failed (SQL state %s); trying again in %s", state,
                    config.bootstrapRetry());
            return new Result(Outcome.FAILED, 0);
        }
    }

    private static void checkSchemaName(String schema) {
        if (!SQL_IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("parley.notifier.members.persister-schema must be an SQL identifier "
                    + "(letters, digits, underscores, not starting with a digit), was: " + schema);
        }
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
