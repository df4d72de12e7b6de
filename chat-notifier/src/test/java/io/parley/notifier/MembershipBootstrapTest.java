package io.parley.notifier;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.events.EventJson;
import io.parley.events.MembershipEvent;
import io.parley.events.Topics;
import io.parley.notifier.repository.MemberRepository;
import io.parley.notifier.service.MembershipBootstrap;
import io.parley.notifier.service.MembershipBootstrap.Outcome;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A notifier started against a database where chat-persister already holds memberships (its own
 * migration, applied into a schema of this test's own, with rows no membership event ever carried)
 * knows them; the copy only adds, never undoes a removal that membership-events applies meanwhile
 * (the two take the bootstrap lock), and a database without the persister's tables leaves the
 * notifier running on membership-events alone.
 */
@QuarkusTest
@TestProfile(MembershipBootstrapTest.PersisterDatabase.class)
class MembershipBootstrapTest {

    static final String SCHEMA = "persister_bootstrap_it";
    // fixed: the test resource (which creates them) and the test may see different copies of this class
    static final String ROOM_A = "grp:00000000-0000-4000-8000-0000000b0a7a";
    static final String ROOM_B = "grp:00000000-0000-4000-8000-0000000b0a7b";

    static KafkaProducer<String, byte[]> producer;

    @Inject
    MembershipBootstrap bootstrap;

    @Inject
    MemberRepository members;

    @BeforeAll
    static void setUp() {
        TestStack.ensureTopics();
        producer = TestStack.producer();
    }

    @AfterAll
    static void tearDown() {
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void membershipsNoEventCarriedAreKnownAfterStart() {
        await().atMost(Duration.ofSeconds(30)).until(() -> isMember(ROOM_A, "alice") && isMember(ROOM_A, "bob")
                && isMember(ROOM_B, "carol"));
    }

    @Test
    void theCopyOnlyAddsWhatIsMissing() throws Exception {
        membershipsNoEventCarriedAreKnownAfterStart();
        String room = newPersisterGroup("dave");
        // as membership-events adds one: only in the notifier's copy
        QuarkusTransaction.requiringNew().run(() -> members.add(room, "erin-from-events"));

        MembershipBootstrap.Result first = bootstrap.copy(SCHEMA);
        assertEquals(Outcome.COPIED, first.outcome());
        assertEquals(1, first.added(), "only dave was missing");
        assertTrue(isMember(room, "dave"));
        assertTrue(isMember(room, "erin-from-events"), "the copy removes nothing");

        assertEquals(new MembershipBootstrap.Result(Outcome.COPIED, 0), bootstrap.copy(SCHEMA), "again: nothing to add");
    }

    @Test
    void theCopyWaitsForAMembershipBatchInFlight() throws Exception {
        String room = newPersisterGroup("frank");
        try (Connection c = TestStack.jdbc()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock_shared(?)")) {
                lock.setLong(1, MemberRepository.BOOTSTRAP_LOCK);
                lock.execute(); // what each membership-events transaction takes first
            }
            CompletableFuture<MembershipBootstrap.Result> copy = CompletableFuture.supplyAsync(() -> bootstrap.copy(SCHEMA));
            assertThrows(TimeoutException.class, () -> copy.get(1500, TimeUnit.MILLISECONDS),
                    "the copy must wait while a batch holds the lock");
            assertFalse(isMember(room, "frank"));
            c.commit();
            assertEquals(Outcome.COPIED, copy.get(30, TimeUnit.SECONDS).outcome());
            assertTrue(isMember(room, "frank"));
        }
    }

    @Test
    void aMembershipBatchWaitsForTheCopy() throws Exception {
        String room = "grp:" + UUID.randomUUID();
        send(MembershipEvent.Type.MEMBER_ADDED, room, "probe"); // the consumer reads this room's partition now
        await().atMost(Duration.ofSeconds(60)).until(() -> isMember(room, "probe"));
        try (Connection c = TestStack.jdbc()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, MemberRepository.BOOTSTRAP_LOCK);
                lock.execute(); // what the copy takes
            }
            send(MembershipEvent.Type.MEMBER_ADDED, room, "gina");
            Thread.sleep(3000); // the probe above took well under this, were the batch not waiting
            assertFalse(isMember(room, "gina"), "a batch must wait while the copy holds the lock");
            c.commit();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> isMember(room, "gina"));
    }

    @Test
    void aGroupCreatedEventLeavesItsCreatorAMember() throws Exception {
        String room = "grp:" + UUID.randomUUID();
        send(MembershipEvent.Type.MEMBER_ADDED, room, "hana");
        producer.send(new ProducerRecord<>(Topics.MEMBERSHIP_EVENTS, room, EventJson.write(MembershipEvent.groupCreated(
                UUID.randomUUID().toString(), UUID.randomUUID().toString(), room, "hana", "PRIVATE",
                System.currentTimeMillis())))).get();
        send(MembershipEvent.Type.MEMBER_ADDED, room, "ivan"); // same partition, after the GROUP_CREATED
        await().atMost(Duration.ofSeconds(30)).until(() -> isMember(room, "ivan"));
        assertTrue(isMember(room, "hana"));
    }

    @Test
    void withoutThePersisterTablesTheNotifierGoesOn() {
        assertEquals(new MembershipBootstrap.Result(Outcome.NO_PERSISTER_TABLES, 0),
                bootstrap.copy("no_persister_here"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> bootstrap.copy("public; DROP TABLE room_member"));
        assertTrue(bad.getMessage().contains("persister-schema"), bad.getMessage());
        assertEquals(Outcome.COPIED, bootstrap.copy(SCHEMA).outcome(), "and the next copy works");
    }

    // ---- helpers ----

    static void send(MembershipEvent.Type type, String room, String user) throws Exception {
        MembershipEvent e = MembershipEvent.of(UUID.randomUUID().toString(), type, UUID.randomUUID().toString(), room,
                user, "MEMBER", null, System.currentTimeMillis());
        producer.send(new ProducerRecord<>(Topics.MEMBERSHIP_EVENTS, room, EventJson.write(e))).get();
    }

    static boolean isMember(String room, String user) throws Exception {
        try (Connection c = TestStack.jdbc();
                PreparedStatement q = c.prepareStatement(
                        "SELECT 1 FROM notifier.room_member WHERE room_id = ? AND user_id = ?")) {
            q.setString(1, room);
            q.setString(2, user);
            try (ResultSet r = q.executeQuery()) {
                return r.next();
            }
        }
    }

    /** A group with these members in the persister's tables only; returns its room id. */
    static String newPersisterGroup(String... users) throws Exception {
        try (Connection c = TestStack.jdbc()) {
            return PersisterSchema.group(c, SCHEMA, "grp:" + UUID.randomUUID(), users);
        }
    }

    /** chat-persister's own migration in a schema of this test's own, with two groups in it. */
    public static class PersisterTables implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            try (Connection c = TestStack.jdbc(); Statement s = c.createStatement()) {
                PersisterSchema.create(c, SCHEMA);
                // a rerun against the same database: these rooms must come from this start's copy
                s.execute("DO $$ BEGIN IF to_regclass('notifier.room_member') IS NOT NULL THEN "
                        + "DELETE FROM notifier.room_member WHERE room_id IN ('" + ROOM_A + "', '" + ROOM_B + "'); "
                        + "END IF; END $$");
                PersisterSchema.group(c, SCHEMA, ROOM_A, "alice", "bob");
                PersisterSchema.group(c, SCHEMA, ROOM_B, "carol");
            } catch (Exception e) {
                throw new IllegalStateException("could not create chat-persister's tables in schema " + SCHEMA, e);
            }
            return Map.of("parley.notifier.members.persister-schema", SCHEMA);
        }

        @Override
        public void stop() {
            try (Connection c = TestStack.jdbc()) {
                PersisterSchema.drop(c, SCHEMA);
            } catch (Exception e) {
                // the next start drops it anyway
            }
        }
    }

    /** This test's persister schema; a profile of its own, so other tests' notifier is not affected. */
    public static class PersisterDatabase implements QuarkusTestProfile {
        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(PersisterTables.class));
        }
    }
}
