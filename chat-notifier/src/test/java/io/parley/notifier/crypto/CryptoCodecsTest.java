package io.parley.notifier.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** The pure codecs against published test vectors (RFC 5869, RFC 8291 Appendix A) and round trips. */
class CryptoCodecsTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        byte[] ikm = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = hex("000102030405060708090a0b0c");
        byte[] info = hex("f0f1f2f3f4f5f6f7f8f9");
        byte[] prk = Hkdf.extract(salt, ikm);
        assertEquals("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5", HexFormat.of().formatHex(prk));
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                HexFormat.of().formatHex(Hkdf.expand(prk, info, 42)));
    }

    @Test
    void hkdfMatchesRfc5869TestCase3WithoutSaltAndInfo() {
        byte[] ikm = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
                HexFormat.of().formatHex(Hkdf.derive(new byte[0], ikm, new byte[0], 42)));
    }

    // RFC 8291 Appendix A
    static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    static final String AS_PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    static final String UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
    static final String BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    @Test
    void webPushEncryptionReproducesRfc8291AppendixA() {
        ECPrivateKey asPriv = EcKeys.decodePrivate(Base64Url.decode(AS_PRIVATE));
        ECPublicKey asPub = EcKeys.decodePoint(Base64Url.decode(AS_PUBLIC));
        byte[] body = WebPushCrypto.encrypt(PLAINTEXT.getBytes(StandardCharsets.UTF_8), Base64Url.decode(UA_PUBLIC),
                Base64Url.decode(AUTH), new KeyPair(asPub, asPriv), Base64Url.decode(SALT));
        assertEquals(BODY, Base64Url.encode(body));
    }

    @Test
    void webPushDecryptionReadsRfc8291AppendixA() {
        byte[] plain = WebPushCrypto.decrypt(Base64Url.decode(BODY), EcKeys.decodePrivate(Base64Url.decode(UA_PRIVATE)),
                Base64Url.decode(UA_PUBLIC), Base64Url.decode(AUTH));
        assertEquals(PLAINTEXT, new String(plain, StandardCharsets.UTF_8));
    }

    @Test
    void webPushRoundTripWithFreshKeysAndTamperDetection() {
        KeyPair ua = EcKeys.generate();
        byte[] uaPublic = EcKeys.encodePoint((ECPublicKey) ua.getPublic());
        byte[] auth = new byte[16];
        auth[3] = 7;
        byte[] body = WebPushCrypto.encrypt("héllo".getBytes(StandardCharsets.UTF_8), uaPublic, auth);
        assertEquals("héllo", new String(WebPushCrypto.decrypt(body, (ECPrivateKey) ua.getPrivate(), uaPublic, auth),
                StandardCharsets.UTF_8));
        body[body.length - 3] ^= 1;
        assertThrows(IllegalArgumentException.class,
                () -> WebPushCrypto.decrypt(body, (ECPrivateKey) ua.getPrivate(), uaPublic, auth));
        assertThrows(IllegalArgumentException.class, () -> WebPushCrypto.encrypt(
                new byte[WebPushCrypto.MAX_PLAINTEXT + 1], uaPublic, auth));
        assertThrows(IllegalArgumentException.class, () -> EcKeys.decodePoint(new byte[64]));
    }

    @Test
    void es256TokensAreRawRsAndVerify() throws Exception {
        KeyPair keys = EcKeys.generate();
        for (int i = 0; i < 50; i++) { // covers r/s with leading zero bytes and high bits
            String jwt = Jws.es256("{\"typ\":\"JWT\",\"alg\":\"ES256\"}", "{\"n\":" + i + "}", keys.getPrivate());
            assertEquals(64, Base64Url.decode(jwt.split("\\.")[2]).length);
            assertEquals("{\"n\":" + i + "}", Jws.verify(jwt, keys.getPublic()));
        }
        String jwt = Jws.es256("{\"alg\":\"ES256\"}", "{}", keys.getPrivate());
        assertThrows(IllegalArgumentException.class, () -> Jws.verify(jwt, EcKeys.generate().getPublic()));
        String tampered = jwt.substring(0, jwt.indexOf('.')) + "." + Base64Url.encode("{\"a\":1}".getBytes()) + "."
                + jwt.split("\\.")[2];
        assertThrows(IllegalArgumentException.class, () -> Jws.verify(tampered, keys.getPublic()));
    }

    @Test
    void rs256TokensVerify() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair keys = g.generateKeyPair();
        String jwt = Jws.rs256("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", "{\"iss\":\"x\"}", keys.getPrivate());
        assertEquals("{\"iss\":\"x\"}", Jws.verify(jwt, keys.getPublic()));
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        assertArrayEquals(keys.getPrivate().getEncoded(), EcKeys.pkcs8(pem, "RSA").getEncoded());
    }

    @Test
    void rawAndDerSignaturesConvertBothWays() {
        byte[] raw = new byte[64];
        raw[0] = (byte) 0x80; // high bit: DER needs a leading zero
        raw[40] = 1; // s with leading zeros
        byte[] der = Jws.rawToDer(raw);
        assertArrayEquals(raw, Jws.derToRaw(der, 32));
    }

    @Test
    void webhookSignatureIsHmacSha256OfTimestampAndBody() {
        byte[] secret = "s3cret".getBytes(StandardCharsets.UTF_8);
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String sig = WebhookSignature.sign(secret, 1700000000L, body);
        assertEquals("sha256=" + HexFormat.of().formatHex(Hkdf.hmac(secret,
                "1700000000.{\"a\":1}".getBytes(StandardCharsets.UTF_8))), sig);
        assertTrue(WebhookSignature.verify(secret, 1700000000L, body, sig));
        assertFalse(WebhookSignature.verify(secret, 1700000001L, body, sig));
        assertFalse(WebhookSignature.verify("other".getBytes(), 1700000000L, body, sig));
    }
}
