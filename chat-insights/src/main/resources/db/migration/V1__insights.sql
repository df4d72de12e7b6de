-- chat-insights schema, version 1 (schema "insights", in the persister's database by default).
-- Ids up to 128 characters, as in the event contract (ChatMessageEvent.MAX_ID_LENGTH). Buckets are
-- UTC instants truncated to the minute or hour of the event's ts (the edge's clock).

-- Chat message ids already counted, with the event's ts. Inserting a batch's ids with
-- ON CONFLICT DO NOTHING RETURNING tells which are new; only those are added to the counters, in the
-- same transaction. Rows are swept once their ts is older than the allowed lateness (an event that
-- old is dropped as late anyway, so a redelivery after the sweep cannot count twice).
CREATE TABLE processed_events (
    event_id  varchar(64) PRIMARY KEY,
    event_ts  bigint      NOT NULL
);
CREATE INDEX processed_events_ts_ix ON processed_events (event_ts);

-- Messages per room and minute (hours are sums of their minutes).
CREATE TABLE room_minute (
    room_id   varchar(128) NOT NULL,
    bucket    timestamptz  NOT NULL,
    messages  bigint       NOT NULL,
    CONSTRAINT room_minute_pk PRIMARY KEY (room_id, bucket)
);
CREATE INDEX room_minute_bucket_ix ON room_minute (bucket);

-- Who sent at least one message in a room in a minute: one row per (room, minute, sender), so
-- distinct senders over any range of whole minutes are exact and redeliveries change nothing.
CREATE TABLE room_minute_sender (
    room_id    varchar(128) NOT NULL,
    bucket     timestamptz  NOT NULL,
    sender_id  varchar(128) NOT NULL,
    CONSTRAINT room_minute_sender_pk PRIMARY KEY (room_id, bucket, sender_id)
);
CREATE INDEX room_minute_sender_bucket_ix ON room_minute_sender (bucket);

-- Users active in an hour (any user event, or a message sent): one row per (hour, user).
CREATE TABLE user_hour (
    bucket   timestamptz  NOT NULL,
    user_id  varchar(128) NOT NULL,
    CONSTRAINT user_hour_pk PRIMARY KEY (bucket, user_id)
);

-- Socket sessions per edge node, from CONNECTED / DISCONNECTED user events. Concurrent
-- connections at any instant (and so the peak per node and hour) are computed from these intervals
-- at query time, in event time: the order in which partitions deliver them does not matter.
-- connected_at is null when only the DISCONNECTED event arrived (the session is then ignored);
-- disconnected_at is null while the session is open (capped at connected_at + max-session).
CREATE TABLE connection_session (
    node_id          varchar(128) NOT NULL,
    socket_id        varchar(128) NOT NULL,
    user_id          varchar(128) NOT NULL,
    connected_at     timestamptz,
    disconnected_at  timestamptz,
    CONSTRAINT connection_session_pk PRIMARY KEY (node_id, socket_id)
);
CREATE INDEX connection_session_connected_ix ON connection_session (connected_at);
CREATE INDEX connection_session_disconnected_ix ON connection_session (disconnected_at);
