package io.parley.notifier.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message encryption for Web Push (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188):
 * one record, no padding. Pure: the ephemeral key pair and the salt are parameters (the RFC's
 * Appendix A example is a unit test), {@link #encrypt(byte[], byte[], byte[])} draws fresh ones.
 */
public final class WebPushCrypto {

    /** Record size written in the header. */
    public static final int RECORD_SIZE = 4096;
    /**
     * Longest plaintext: push services accept 4096 bytes of body; the header (86 bytes), the
     * delimiter (1) and the GCM tag (16) take the rest.
     */
    public static final int MAX_PLAINTEXT = 4096 - 86 - 1 - 16;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] KEY_INFO = "WebPush: info\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CEK_INFO = "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONCE_INFO = "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII);

    private WebPushCrypto() {
    }

    /** Encrypts with a fresh ephemeral key pair and salt. */
    public static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return encrypt(plaintext, uaPublic, authSecret, EcKeys.generate(), salt);
    }

    public static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret, KeyPair asKeys, byte[] salt) {
        if (plaintext.length > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("push payload too large: " + plaintext.length + " > " + MAX_PLAINTEXT);
        }
        if (authSecret == null || authSecret.length != 16) {
            throw new IllegalArgumentException("auth secret must be 16 bytes");
        }
        if (salt.length != 16) {
            throw new IllegalArgumentException("salt must be 16 bytes");
        }
        ECPublicKey ua = EcKeys.decodePoint(uaPublic);
        byte[] asPublic = EcKeys.encodePoint((ECPublicKey) asKeys.getPublic());
        byte[] ecdh = ecdh((ECPrivateKey) asKeys.getPrivate(), ua);
        byte[][] keys = contentKeys(ecdh, authSecret, uaPublic, asPublic, salt);
        byte[] record = Arrays.copyOf(plaintext, plaintext.length + 1);
        record[plaintext.length] = 0x02; // last (and only) record, no padding
        byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, keys[0], keys[1], record);
        ByteBuffer out = ByteBuffer.allocate(16 + 4 + 1 + asPublic.length + ciphertext.length);
        out.put(salt).putInt(RECORD_SIZE).put((byte) asPublic.length).put(asPublic).put(ciphertext);
        return out.array();
    }

    /** What a user agent does with a received message (used by the test receivers). */
    public static byte[] decrypt(byte[] body, ECPrivateKey uaPrivate, byte[] uaPublic, byte[] authSecret) {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        int rs = in.getInt();
        int idlen = in.get() & 0xff;
        byte[] asPublic = new byte[idlen];
        in.get(asPublic);
        byte[] ciphertext = new byte[in.remaining()];
        in.get(ciphertext);
        if (ciphertext.length > rs) {
            throw new IllegalArgumentException("more than one record");
        }
        byte[] ecdh = ecdh(uaPrivate, EcKeys.decodePoint(asPublic));
        byte[][] keys = contentKeys(ecdh, authSecret, uaPublic, asPublic, salt);
        byte[] record = gcm(Cipher.DECRYPT_MODE, keys[0], keys[1], ciphertext);
        int end = record.length - 1;
        while (end >= 0 && record[end] == 0) {
            end--;
        }
        if (end < 0 || record[end] != 0x02) {
            throw new IllegalArgumentException("missing last-record delimiter");
        }
        return Arrays.copyOf(record, end);
    }

    /** {CEK (16 bytes), NONCE (12 bytes)} per RFC 8291 §3.4 and RFC 8188 §2.2-2.3. */
    static byte[][] contentKeys(byte[] ecdh, byte[] authSecret, byte[] uaPublic, byte[] asPublic, byte[] salt) {
        byte[] keyInfo = concat(KEY_INFO, uaPublic, asPublic);
        byte[] ikm = Hkdf.derive(authSecret, ecdh, keyInfo, 32);
        byte[] prk = Hkdf.extract(salt, ikm);
        return new byte[][] { Hkdf.expand(prk, CEK_INFO, 16), Hkdf.expand(prk, NONCE_INFO, 12) };
    }

    public static byte[] ecdh(ECPrivateKey priv, ECPublicKey pub) {
        try {
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(priv);
            ka.doPhase(pub, true);
            return ka.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("ECDH failed", e);
        }
    }

    private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] data) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES-GCM " + (mode == Cipher.ENCRYPT_MODE ? "encryption" : "decryption")
                    + " failed", e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }
}
