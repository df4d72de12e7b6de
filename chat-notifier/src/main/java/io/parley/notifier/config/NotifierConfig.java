package io.parley.notifier.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything chat-notifier reads under {@code parley.notifier}. See docs/notifier.md. */
@ConfigMapping(prefix = "parley.notifier")
public interface NotifierConfig {

    /** Kafka consumer group of the chat-messages consumer (also written in dead-letter headers). */
    @WithDefault("chat-notifier")
    String consumerGroup();

    /** Longest message preview in a notification, in characters (the body is cut there, with "…"). */
    @WithDefault("120")
    int previewLength();

    Presence presence();

    Coalesce coalesce();

    Delivery delivery();

    WebPush webpush();

    Fcm fcm();

    Apns apns();

    Webhook webhook();

    Members members();

    /** How "online" is read from chat-edge's presence keys in Redis. */
    interface Presence {
        /** Key prefix of chat-edge's presence keys ({@code parley.cluster.key-prefix} there). */
        @WithDefault("parley:")
        String keyPrefix();

        /** Timeout of one presence lookup. */
        @WithDefault("2s")
        Duration timeout();
    }

    /** One notification per user per room per window. */
    interface Coalesce {
        /** Length of the window opened by a notification; later messages in it are only counted. */
        @WithDefault("30s")
        Duration window();

        /** Prefix of the notifier's own Redis keys (windows, counters, redelivery guards). */
        @WithDefault("parley:notifier:")
        String keyPrefix();

        /** How long the redelivery guard of (message, user) is kept in Redis. */
        @WithDefault("24h")
        Duration dedupTtl();
    }

    /** Sending, retries and dead letters. */
    interface Delivery {
        /** Deliveries in flight at once (all providers); the consumer waits when it is reached. */
        @WithDefault("256")
        int maxInFlight();

        /** Deliveries waiting for a slot, per provider, in memory (their rows are PENDING in the database). */
        @WithDefault("20000")
        int maxQueued();

        /**
         * How long the consumer waits, per batch, for room when a provider's queue is full; deliveries
         * that get none stay PENDING and are sent by the recovery, so a slow provider never holds a
         * partition longer.
         */
        @WithDefault("200ms")
        Duration submitWait();

        /** Attempts per delivery, the first included, before it goes to the dead-letter topic. */
        @WithDefault("5")
        int maxAttempts();

        /** Backoff before the second attempt; doubles per attempt, with full jitter. */
        @WithDefault("500ms")
        Duration initialBackoff();

        /** Longest backoff between two attempts. */
        @WithDefault("30s")
        Duration maxBackoff();

        /** Timeout of one HTTP attempt; a timeout is a transient failure. */
        @WithDefault("10s")
        Duration timeout();

        /** A delivery still pending this long after its last attempt was claimed is taken up again (crash recovery). */
        @WithDefault("2m")
        Duration lease();

        /** How often pending deliveries are looked for. */
        @WithDefault("30s")
        Duration recoveryInterval();

        /** Finished delivery rows (the redelivery guard of (message, device)) are deleted after this. */
        @WithDefault("7d")
        Duration retention();

        /** Connections per host of the HTTP/1.1 client (Web Push, FCM, webhook). */
        @WithDefault("32")
        int maxConnectionsPerHost();
    }

    /** Web Push: RFC 8030 delivery, RFC 8291 encryption, RFC 8292 VAPID. */
    interface WebPush {
        /** VAPID public key: the 65-byte uncompressed P-256 point, base64url (the browser's applicationServerKey). */
        Optional<String> vapidPublicKey();

        /** VAPID private key: the 32-byte P-256 scalar, base64url. Web Push is on when both keys are set. */
        Optional<String> vapidPrivateKey();

        /** The {@code sub} claim: a mailto: or https: contact of the operator. */
        @WithDefault("mailto:ops@parley.invalid")
        String subject();

        /** TTL header: how long the push service keeps an undelivered message. */
        @WithDefault("24h")
        Duration ttl();

        /** Urgency header (very-low, low, normal, high). */
        @WithDefault("normal")
        String urgency();
    }

    /** Firebase Cloud Messaging HTTP v1 with a service account. */
    interface Fcm {
        /**
         * Path of the service account JSON key file (as downloaded from the Firebase console):
         * project_id, client_email and private_key are read from it unless set below.
         */
        Optional<String> serviceAccountFile();

        /** Firebase project id; FCM is on when it, the client e-mail and the private key are set. */
        Optional<String> projectId();

        /** Service account e-mail ({@code client_email}): the JWT issuer. */
        Optional<String> clientEmail();

        /** Service account private key ({@code private_key}), PEM PKCS#8 RSA. */
        Optional<String> privateKey();

        /** OAuth2 token endpoint the RS256 assertion is exchanged at ({@code token_uri}). */
        @WithDefault("https://oauth2.googleapis.com/token")
        String tokenEndpoint();

        /** Base URL of the send API; {@code /v1/projects/<id>/messages:send} is appended. */
        @WithDefault("https://fcm.googleapis.com")
        String sendEndpoint();

        /** OAuth2 scope requested. */
        @WithDefault("https://www.googleapis.com/auth/firebase.messaging")
        String scope();
    }

    /** Apple Push Notification service, HTTP/2 with token-based (ES256 JWT) authentication. */
    interface Apns {
        /**
         * Base URL; https uses TLS with ALPN h2, http (local receivers only) uses h2c with prior
         * knowledge. Sandbox: https://api.sandbox.push.apple.com.
         */
        @WithDefault("https://api.push.apple.com")
        String endpoint();

        /** Apple developer team id (the JWT's iss). APNs is on when team, key id, key and topic are set. */
        Optional<String> teamId();

        /** Key id of the .p8 signing key (the JWT's kid). */
        Optional<String> keyId();

        /** The .p8 signing key, PEM PKCS#8 EC P-256. */
        Optional<String> privateKey();

        /** Path of the .p8 key file, read when {@code private-key} is not set. */
        Optional<String> privateKeyFile();

        /** apns-topic: the app's bundle id. */
        Optional<String> topic();

        /** Provider tokens are reused this long (Apple: between 20 and 60 minutes). */
        @WithDefault("50m")
        Duration tokenRefresh();

        /** HTTP/2 connections to APNs. */
        @WithDefault("2")
        int connections();
    }

    /** Signed webhook to an integration of the operator. */
    interface Webhook {
        /** URL the notifications are POSTed to; the webhook provider is on when URL and secret are set. */
        Optional<String> url();

        /** HMAC-SHA256 key of the X-Parley-Signature header. */
        Optional<String> secret();
    }

    /** Where the notifier's copy of room membership comes from besides membership-events. */
    interface Members {
        /**
         * At start, copy every membership chat-persister holds (its {@code group_members} and
         * {@code chat_groups} tables in the same database) into the notifier's copy, so memberships
         * older than membership-events' retention are known too.
         */
        @WithDefault("true")
        boolean bootstrap();

        /** The schema of chat-persister's tables (letters, digits and underscores). */
        @WithDefault("public")
        String persisterSchema();

        /** A bootstrap that failed (database unreachable) is tried again after this. */
        @WithDefault("30s")
        Duration bootstrapRetry();
    }
}
