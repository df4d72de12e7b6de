-- Parley persister schema, version 1.
-- Limits mirror the event contract (chat-events: ChatMessageEvent.MAX_*): ids up to 128 characters,
-- bodies up to 4000, clientMsgId up to 64. A record over a limit is dead-lettered before it gets here.

-- Users seen on user-events (first and last time). Keyed by the user id of the identity provider.
CREATE TABLE users (
    id          varchar(128) PRIMARY KEY,
    first_seen  timestamptz  NOT NULL,
    last_seen   timestamptz  NOT NULL
);

-- Chat groups. Every group is one room on the edges (room_id = 'grp:' || id).
-- direct_key is set only for DIRECT conversations: the two user ids, sorted, joined by a newline.
-- Its unique constraint makes "the conversation between A and B" exist at most once, so creating
-- it twice (from two devices at the same time) cannot make two conversations.
CREATE TABLE chat_groups (
    id          uuid         PRIMARY KEY,
    room_id     varchar(128) NOT NULL,
    name        varchar(200) NOT NULL,
    visibility  varchar(16)  NOT NULL,
    direct_key  varchar(260),
    created_by  varchar(128),
    created_at  timestamptz  NOT NULL,
    CONSTRAINT chat_groups_room_uq UNIQUE (room_id),
    CONSTRAINT chat_groups_direct_uq UNIQUE (direct_key),
    CONSTRAINT chat_groups_visibility_ck CHECK (visibility IN ('PUBLIC', 'PRIVATE', 'DIRECT')),
    CONSTRAINT chat_groups_direct_ck CHECK ((visibility = 'DIRECT') = (direct_key IS NOT NULL))
);

-- Members of a group. The primary key (group_id, user_id) serves GET /api/groups/{id}/members and
-- the "is X a member" checks (a prefix scan on group_id); no foreign key to users: a member can be
-- added before the user has ever connected.
CREATE TABLE group_members (
    group_id    uuid         NOT NULL REFERENCES chat_groups (id) ON DELETE CASCADE,
    user_id     varchar(128) NOT NULL,
    role        varchar(16)  NOT NULL,
    joined_at   timestamptz  NOT NULL,
    CONSTRAINT group_members_pk PRIMARY KEY (group_id, user_id),
    CONSTRAINT group_members_role_ck CHECK (role IN ('MEMBER', 'ADMIN'))
);
-- GET /api/users/{userId}/groups: all groups of one user, an index-only scan of this index joined
-- to chat_groups by primary key. Without it the query would scan every membership.
CREATE INDEX group_members_user_idx ON group_members (user_id, group_id);

-- Chat messages, one row per ChatMessageEvent.
--   id  (uuid, the event's UUIDv7): primary key and the idempotency key. The consumer inserts with
--       ON CONFLICT (id) DO NOTHING, so a redelivered record changes nothing. UUIDv7 values grow with
--       time, so the index is appended to at its right edge like a sequence (no random page splits).
--   (room_id, seq) unique: one message per position of a room. It is the history query's index:
--       WHERE room_id = ? AND seq < ? ORDER BY seq DESC LIMIT n reads n+1 index entries backwards,
--       whatever the room's size and however many messages arrive meanwhile (keyset pagination, no
--       OFFSET). A second message with another id at a taken (room, seq) is an edge bug: it violates
--       this constraint and is dead-lettered rather than silently dropped.
--   No unique (sender_id, client_msg_id): by the time a message is here the edge has assigned it a
--       seq and broadcast it; dropping it here would leave a gap the clients cannot tell from loss.
--       Deduplicating client retries is the edge's job, before it assigns the seq.
-- ts is the edge's epoch milliseconds as in the contract; stored_at is when this row was written
-- (stored_at - ts is the pipeline latency; stored_at is clock_timestamp() at the insert).
CREATE TABLE messages (
    id             uuid          PRIMARY KEY,
    room_id        varchar(128)  NOT NULL,
    seq            bigint        NOT NULL,
    sender_id      varchar(128)  NOT NULL,
    body           varchar(4000) NOT NULL,
    client_msg_id  varchar(64),
    ts             bigint        NOT NULL,
    node_id        varchar(128)  NOT NULL,
    stored_at      timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT messages_room_seq_uq UNIQUE (room_id, seq)
);

-- Highest seq a user has read per room (user-events READ). The primary key is the upsert's
-- conflict target; the upsert keeps the greatest value, so replays and reordering are harmless.
CREATE TABLE read_markers (
    user_id        varchar(128) NOT NULL,
    room_id        varchar(128) NOT NULL,
    last_read_seq  bigint       NOT NULL,
    updated_at     timestamptz  NOT NULL,
    CONSTRAINT read_markers_pk PRIMARY KEY (user_id, room_id)
);

-- Transactional outbox of MembershipEvents: written in the same transaction as the membership
-- change, published to Kafka by the relay, then deleted. The relay reads in id order (primary key).
CREATE TABLE membership_outbox (
    id          bigserial    PRIMARY KEY,
    event_key   varchar(128) NOT NULL,
    payload     text         NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now()
);
