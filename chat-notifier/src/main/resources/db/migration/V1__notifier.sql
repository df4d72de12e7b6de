-- chat-notifier's own schema (quarkus.flyway.schemas=notifier): nothing here is read by other services.

-- Devices of a user: one row per (provider, token). For WEBPUSH the token is the subscription's
-- endpoint URL and p256dh/auth are its keys; for FCM the registration token, for APNS the device
-- token, for WEBHOOK an opaque recipient id passed to the configured webhook.
CREATE TABLE device (
    id          uuid         PRIMARY KEY,
    user_id     varchar(128) NOT NULL,
    provider    varchar(16)  NOT NULL,
    token       text         NOT NULL,
    p256dh      varchar(128),
    auth        varchar(64),
    label       varchar(128),
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT device_provider_token UNIQUE (provider, token)
);
-- the fan-out looks devices up by user
CREATE INDEX device_user ON device (user_id);

-- Room members as learned from the membership-events topic (and so only group rooms grp:<id>).
CREATE TABLE room_member (
    room_id     varchar(128) NOT NULL,
    user_id     varchar(128) NOT NULL,
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (room_id, user_id)
);

-- Mute settings: muted_until NULL = muted until unmuted.
CREATE TABLE mute (
    user_id     varchar(128) NOT NULL,
    room_id     varchar(128) NOT NULL,
    muted_until timestamptz,
    PRIMARY KEY (user_id, room_id)
);

-- One row per (message, device): the redelivery guard (a message is pushed to a device once) and
-- the durable state of the delivery (crash recovery re-sends PENDING rows whose lease expired).
CREATE TABLE delivery (
    message_id  varchar(64)  NOT NULL,
    device_id   uuid         NOT NULL,
    user_id     varchar(128) NOT NULL,
    room_id     varchar(128) NOT NULL,
    status      varchar(16)  NOT NULL,
    attempts    int          NOT NULL DEFAULT 0,
    payload     text         NOT NULL,
    last_error  varchar(1000),
    created_at  timestamptz  NOT NULL DEFAULT now(),
    claimed_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, device_id)
);
-- recovery scans pending rows by claim time; retention deletes old rows by creation time
CREATE INDEX delivery_pending ON delivery (claimed_at) WHERE status = 'PENDING';
CREATE INDEX delivery_created ON delivery (created_at);
