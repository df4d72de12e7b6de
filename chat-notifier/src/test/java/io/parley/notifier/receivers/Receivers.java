package io.parley.notifier.receivers;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.parley.notifier.crypto.Base64Url;
import io.parley.notifier.crypto.EcKeys;
import io.parley.notifier.crypto.Jws;
import io.parley.notifier.crypto.WebPushCrypto;
import io.parley.notifier.crypto.WebhookSignature;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * Local stand-ins for the push providers that check what the real ones check: the Web Push
 * receiver verifies the VAPID JWT (ES256, aud = its origin, exp within 24 h, sub) and the key, and
 * decrypts the body with the subscription's private key; the FCM receiver verifies the RS256
 * assertion at its token endpoint, then the bearer token and the message shape; the APNs receiver
 * (HTTP/2 only, h2c) verifies the ES256 provider token, its kid and iss, the topic and the push
 * type; the webhook receiver verifies the HMAC and the timestamp. What fails a check is answered
 * like the provider would (400/401/403) and recorded in {@link #violations}, which tests assert
 * empty.
 *
 * <p>Behaviour by token: prefix {@code gone-} (web push subscription id, webhook recipient,
 * {@code unregistered-} for FCM, {@code dead} for APNs hex tokens) answers "gone"; {@code fail-}
 * answers 500; {@code slow-} (webhook) waits until {@link #releaseSlow()}.
 */
public final class Receivers implements AutoCloseable {

    /** One push as the receiver understood it. */
    public record Push(String provider, String target, JsonNode notification) {
    }

    /** A web push subscription the receiver can decrypt for. */
    public record Subscription(String endpoint, String p256dh, String auth, ECPrivateKey privateKey, byte[] publicKey,
            byte[] authSecret) {
    }

    public final List<Push> pushes = new CopyOnWriteArrayList<>();
    public final List<String> violations = new CopyOnWriteArrayList<>();
    public final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Set<String> fcmTokens = ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch slow = new CountDownLatch(1);
    public final List<String> slowAnswered = new CopyOnWriteArrayList<>();

    private final ObjectMapper json = new ObjectMapper();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer http1;
    private final HttpServer h2c;

    // provider credentials (the notifier gets the private halves as configuration)
    public final KeyPair vapid = EcKeys.generate();
    public final KeyPair fcmAccount;
    public final KeyPair apnsKey = EcKeys.generate();
    public final String webhookSecret = "hook-secret-" + UUID.randomUUID();
    public static final String FCM_PROJECT = "parley-test";
    public static final String FCM_EMAIL = "notifier@parley-test.iam.example";
    public static final String APNS_TEAM = "TEAM123456";
    public static final String APNS_KEY_ID = "KEY1234567";
    public static final String APNS_TOPIC = "io.parley.app";
    public static final String VAPID_SUBJECT = "mailto:ops@parley.test";

    public Receivers() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        fcmAccount = rsa.generateKeyPair();
        http1 = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setHttp2ClearTextEnabled(false)).requestHandler(this::http1);
        h2c = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setHttp2ClearTextEnabled(true)).requestHandler(this::apns);
        http1.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        h2c.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public String base() {
        return "http://127.0.0.1:" + http1.actualPort();
    }

    public String apnsBase() {
        return "http://127.0.0.1:" + h2c.actualPort();
    }

    /** The notifier's configuration for these receivers. */
    public Map<String, String> config() {
        Map<String, String> c = new HashMap<>();
        c.put("parley.notifier.webpush.vapid-public-key", Base64Url.encode(EcKeys.encodePoint((ECPublicKey) vapid.getPublic())));
        c.put("parley.notifier.webpush.vapid-private-key", Base64Url.encode(EcKeys.encodePrivate((ECPrivateKey) vapid.getPrivate())));
        c.put("parley.notifier.webpush.subject", VAPID_SUBJECT);
        // FCM and APNs credentials as the files the consoles hand out (what the Helm chart mounts)
        try {
            java.nio.file.Path account = java.nio.file.Files.createTempFile("fcm-service-account", ".json");
            java.nio.file.Files.writeString(account, json.writeValueAsString(Map.of("type", "service_account",
                    "project_id", FCM_PROJECT, "client_email", FCM_EMAIL,
                    "private_key", pem(fcmAccount.getPrivate().getEncoded()), "token_uri", base() + "/fcm/token")));
            java.nio.file.Path p8 = java.nio.file.Files.createTempFile("apns-key", ".p8");
            java.nio.file.Files.writeString(p8, pem(apnsKey.getPrivate().getEncoded()));
            account.toFile().deleteOnExit();
            p8.toFile().deleteOnExit();
            c.put("parley.notifier.fcm.service-account-file", account.toString());
            c.put("parley.notifier.apns.private-key-file", p8.toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        c.put("parley.notifier.fcm.token-endpoint", base() + "/fcm/token");
        c.put("parley.notifier.fcm.send-endpoint", base() + "/fcm");
        c.put("parley.notifier.apns.endpoint", apnsBase());
        c.put("parley.notifier.apns.team-id", APNS_TEAM);
        c.put("parley.notifier.apns.key-id", APNS_KEY_ID);
        c.put("parley.notifier.apns.topic", APNS_TOPIC);
        c.put("parley.notifier.webhook.url", base() + "/hook");
        c.put("parley.notifier.webhook.secret", webhookSecret);
        return c;
    }

    /** A new browser subscription on this receiver; {@code id} may carry a behaviour prefix. */
    public Subscription subscribe(String id) {
        KeyPair ua = EcKeys.generate();
        byte[] pub = EcKeys.encodePoint((ECPublicKey) ua.getPublic());
        byte[] auth = new byte[16];
        new java.security.SecureRandom().nextBytes(auth);
        Subscription s = new Subscription(base() + "/wp/" + id, Base64Url.encode(pub), Base64Url.encode(auth),
                (ECPrivateKey) ua.getPrivate(), pub, auth);
        subscriptions.put(id, s);
        return s;
    }

    public List<Push> pushesTo(String target) {
        List<Push> out = new ArrayList<>();
        for (Push p : pushes) {
            if (p.target().equals(target)) {
                out.add(p);
            }
        }
        return out;
    }

    public void releaseSlow() {
        slow.countDown();
    }

    private void http1(HttpServerRequest req) {
        req.body().onSuccess(body -> {
            byte[] bytes = body.getBytes();
            String path = req.path();
            vertx.executeBlocking(() -> {
                if (path.equals("/hook")) {
                    webhook(req, bytes);
                } else if (path.startsWith("/wp/")) {
                    webPush(req, path.substring(4), bytes);
                } else if (path.equals("/fcm/token")) {
                    fcmToken(req, bytes);
                } else if (path.startsWith("/fcm/v1/projects/")) {
                    fcmSend(req, path, bytes);
                } else {
                    req.response().setStatusCode(404).end();
                }
                return null;
            }, false).onFailure(e -> {
                violations.add(path + ": " + e);
                if (!req.response().ended()) {
                    req.response().setStatusCode(400).end(String.valueOf(e.getMessage()));
                }
            });
        });
    }

    private int count(String target) {
        return attempts.merge(target, 1, Integer::sum);
    }

    private void webhook(HttpServerRequest req, byte[] body) throws Exception {
        long ts = Long.parseLong(req.getHeader(WebhookSignature.TIMESTAMP_HEADER));
        if (Math.abs(System.currentTimeMillis() / 1000 - ts) > 300) {
            reject(req, 401, "webhook timestamp too old: " + ts);
            return;
        }
        if (!WebhookSignature.verify(webhookSecret.getBytes(StandardCharsets.UTF_8), ts, body,
                req.getHeader(WebhookSignature.SIGNATURE_HEADER))) {
            reject(req, 401, "webhook signature mismatch");
            return;
        }
        if (!"application/json".equals(req.getHeader("Content-Type"))) {
            reject(req, 400, "webhook content type " + req.getHeader("Content-Type"));
            return;
        }
        JsonNode m = json.readTree(body);
        String recipient = m.path("recipient").asText();
        count(recipient);
        if (recipient.startsWith("gone-")) {
            req.response().setStatusCode(410).end();
        } else if (recipient.startsWith("fail-")) {
            req.response().setStatusCode(500).end("broken");
        } else {
            if (recipient.startsWith("slow-")) {
                slow.await(60, TimeUnit.SECONDS);
                slowAnswered.add(recipient);
            }
            pushes.add(new Push("WEBHOOK", recipient, m.path("notification")));
            req.response().setStatusCode(204).end();
        }
    }

    private void webPush(HttpServerRequest req, String id, byte[] body) throws Exception {
        Subscription s = subscriptions.get(id);
        if (s == null) {
            req.response().setStatusCode(404).end();
            return;
        }
        count(id);
        // RFC 8292: Authorization: vapid t=<jwt>, k=<key>
        String authz = req.getHeader("Authorization");
        if (authz == null || !authz.startsWith("vapid ")) {
            reject(req, 401, "missing vapid authorization");
            return;
        }
        Map<String, String> params = new HashMap<>();
        for (String part : authz.substring(6).split(",")) {
            String[] kv = part.trim().split("=", 2);
            params.put(kv[0], kv[1]);
        }
        byte[] k = Base64Url.decode(params.get("k"));
        if (!java.util.Arrays.equals(k, EcKeys.encodePoint((ECPublicKey) vapid.getPublic()))) {
            reject(req, 403, "vapid key k is not the application server key of the subscription");
            return;
        }
        JsonNode claims = json.readTree(Jws.verify(params.get("t"), EcKeys.decodePoint(k)));
        JsonNode header = json.readTree(Jws.header(params.get("t")));
        long now = System.currentTimeMillis() / 1000;
        if (!"ES256".equals(header.path("alg").asText()) || !base().equals(claims.path("aud").asText())
                || claims.path("exp").asLong() <= now || claims.path("exp").asLong() > now + 24 * 3600
                || !VAPID_SUBJECT.equals(claims.path("sub").asText())) {
            reject(req, 403, "bad vapid claims " + claims + " header " + header);
            return;
        }
        if (!"aes128gcm".equals(req.getHeader("Content-Encoding")) || req.getHeader("TTL") == null
                || body.length > 4096) {
            reject(req, 400, "bad web push request: encoding " + req.getHeader("Content-Encoding") + ", TTL "
                    + req.getHeader("TTL") + ", " + body.length + " bytes");
            return;
        }
        byte[] plain = WebPushCrypto.decrypt(body, s.privateKey(), s.publicKey(), s.authSecret());
        if (id.startsWith("gone-")) {
            req.response().setStatusCode(410).end();
            return;
        }
        pushes.add(new Push("WEBPUSH", id, json.readTree(plain)));
        req.response().setStatusCode(201).putHeader("Location", base() + "/msg/" + UUID.randomUUID()).end();
    }

    private void fcmToken(HttpServerRequest req, byte[] body) throws Exception {
        Map<String, String> form = new HashMap<>();
        for (String kv : new String(body, StandardCharsets.US_ASCII).split("&")) {
            String[] p = kv.split("=", 2);
            form.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8), URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            reject(req, 400, "bad grant_type " + form.get("grant_type"));
            return;
        }
        JsonNode claims = json.readTree(Jws.verify(form.get("assertion"), fcmAccount.getPublic()));
        long now = System.currentTimeMillis() / 1000;
        if (!FCM_EMAIL.equals(claims.path("iss").asText()) || !(base() + "/fcm/token").equals(claims.path("aud").asText())
                || !claims.path("scope").asText().contains("firebase.messaging")
                || claims.path("exp").asLong() <= now || claims.path("exp").asLong() - claims.path("iat").asLong() > 3600) {
            reject(req, 400, "bad assertion claims " + claims);
            return;
        }
        String token = "ya29." + UUID.randomUUID();
        fcmTokens.add(token);
        req.response().putHeader("Content-Type", "application/json")
                .end("{\"access_token\":\"" + token + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
    }

    private void fcmSend(HttpServerRequest req, String path, byte[] body) throws Exception {
        String authz = req.getHeader("Authorization");
        if (authz == null || !authz.startsWith("Bearer ") || !fcmTokens.contains(authz.substring(7))) {
            reject(req, 401, "FCM send without a valid access token");
            return;
        }
        if (!path.equals("/fcm/v1/projects/" + FCM_PROJECT + "/messages:send")) {
            reject(req, 404, "bad FCM path " + path);
            return;
        }
        JsonNode msg = json.readTree(body).path("message");
        String token = msg.path("token").asText(null);
        boolean dataIsStrings = true;
        for (JsonNode v : msg.path("data")) {
            dataIsStrings &= v.isTextual();
        }
        if (token == null || !msg.path("notification").path("title").isTextual() || !msg.path("data").isObject()
                || !dataIsStrings) {
            reject(req, 400, "bad FCM message " + msg);
            return;
        }
        count(token);
        if (token.startsWith("unregistered-")) {
            req.response().setStatusCode(404).putHeader("Content-Type", "application/json").end(
                    "{\"error\":{\"code\":404,\"status\":\"NOT_FOUND\",\"details\":[{\"errorCode\":\"UNREGISTERED\"}]}}");
            return;
        }
        pushes.add(new Push("FCM", token, msg.path("data")));
        req.response().putHeader("Content-Type", "application/json")
                .end("{\"name\":\"projects/" + FCM_PROJECT + "/messages/" + UUID.randomUUID() + "\"}");
    }

    private void apns(HttpServerRequest req) {
        req.body().onSuccess(b -> vertx.executeBlocking(() -> {
            apnsCheck(req, b.getBytes());
            return null;
        }, false).onFailure(e -> {
            violations.add("apns: " + e);
            if (!req.response().ended()) {
                req.response().setStatusCode(400).end();
            }
        }));
    }

    private void apnsCheck(HttpServerRequest req, byte[] body) throws Exception {
        if (req.version() != HttpVersion.HTTP_2) {
            reject(req, 400, "APNs needs HTTP/2, got " + req.version());
            return;
        }
        if (!req.path().startsWith("/3/device/") || req.method() != io.vertx.core.http.HttpMethod.POST) {
            reject(req, 404, "BadPath " + req.path());
            return;
        }
        String token = req.path().substring("/3/device/".length());
        String authz = req.getHeader("authorization");
        if (authz == null || !authz.startsWith("bearer ")) {
            reject(req, 403, "MissingProviderToken");
            return;
        }
        String jwt = authz.substring(7);
        JsonNode header = json.readTree(Jws.header(jwt));
        JsonNode claims = json.readTree(Jws.verify(jwt, (PublicKey) apnsKey.getPublic()));
        long now = System.currentTimeMillis() / 1000;
        if (!"ES256".equals(header.path("alg").asText()) || !APNS_KEY_ID.equals(header.path("kid").asText())
                || !APNS_TEAM.equals(claims.path("iss").asText()) || Math.abs(now - claims.path("iat").asLong()) > 3600) {
            reject(req, 403, "InvalidProviderToken " + header + claims);
            return;
        }
        if (!APNS_TOPIC.equals(req.getHeader("apns-topic")) || !"alert".equals(req.getHeader("apns-push-type"))) {
            reject(req, 400, "BadTopic/push type " + req.getHeader("apns-topic") + " " + req.getHeader("apns-push-type"));
            return;
        }
        JsonNode payload = json.readTree(body);
        if (!payload.path("aps").path("alert").path("title").isTextual() || body.length > 4096) {
            reject(req, 400, "PayloadEmpty/bad aps " + payload);
            return;
        }
        count(token);
        if (token.startsWith("dead")) {
            req.response().setStatusCode(410).putHeader("content-type", "application/json")
                    .end("{\"reason\":\"Unregistered\",\"timestamp\":" + System.currentTimeMillis() + "}");
            return;
        }
        pushes.add(new Push("APNS", token, payload.path("parley")));
        req.response().setStatusCode(200).putHeader("apns-id", UUID.randomUUID().toString()).end();
    }

    private void reject(HttpServerRequest req, int status, String why) {
        violations.add(why);
        req.response().setStatusCode(status).end(why);
    }

    static String pem(byte[] pkcs8) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
    }

    @Override
    public void close() {
        releaseSlow();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
