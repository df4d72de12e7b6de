package io.parley.notifier.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869): extract, expand, and both at once. Pure, no state. */
public final class Hkdf {

    private static final int HASH_LEN = 32;

    private Hkdf() {
    }

    /** HKDF-Extract: PRK = HMAC-SHA256(salt, ikm); an empty salt means 32 zero bytes. */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        return hmac(salt == null || salt.length == 0 ? new byte[HASH_LEN] : salt, ikm);
    }

    /** HKDF-Expand: the first {@code length} bytes of T(1) || T(2) || ...; at most 255 * 32 bytes. */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > 255 * HASH_LEN) {
            throw new IllegalArgumentException("HKDF length out of range: " + length);
        }
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int done = 0;
        for (int i = 1; done < length; i++) {
            Mac mac = mac(prk);
            mac.update(t);
            mac.update(info == null ? new byte[0] : info);
            mac.update((byte) i);
            t = mac.doFinal();
            int n = Math.min(t.length, length - done);
            System.arraycopy(t, 0, out, done, n);
            done += n;
        }
        return out;
    }

    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(extract(salt, ikm), info, length);
    }

    public static byte[] hmac(byte[] key, byte[] data) {
        return mac(key).doFinal(data);
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
