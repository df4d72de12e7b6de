package io.parley.notifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.UUID;

/**
 * chat-persister's tables in a schema of a test's own: the persister's own migration applied there,
 * and groups written into them as the persister writes them. The notifier's membership bootstrap
 * reads these tables.
 */
public final class PersisterSchema {

    static final Path MIGRATION = Path.of("../chat-persister/src/main/resources/db/migration/V1__schema.sql");

    private PersisterSchema() {
    }

    /** Drops the schema if it is there and creates it with the persister's tables. */
    public static void create(Connection c, String schema) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
            s.execute("SET search_path TO " + schema);
            s.execute(Files.readString(MIGRATION));
            s.execute("SET search_path TO public");
        }
    }

    public static void drop(Connection c, String schema) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** A private group of room {@code grp:<uuid>} with these members, the first its creator; returns the room. */
    public static String group(Connection c, String schema, String room, String... users) throws Exception {
        UUID id = UUID.fromString(room.substring("grp:".length()));
        try (PreparedStatement g = c.prepareStatement("INSERT INTO " + schema + ".chat_groups "
                + "(id, room_id, name, visibility, created_by, created_at) VALUES (?, ?, 'g', 'PRIVATE', ?, now())");
                PreparedStatement m = c.prepareStatement("INSERT INTO " + schema + ".group_members "
                        + "(group_id, user_id, role, joined_at) VALUES (?, ?, 'MEMBER', now())")) {
            g.setObject(1, id);
            g.setString(2, room);
            g.setString(3, users[0]);
            g.executeUpdate();
            for (String u : users) {
                m.setObject(1, id);
                m.setString(2, u);
                m.executeUpdate();
            }
        }
        return room;
    }
}
