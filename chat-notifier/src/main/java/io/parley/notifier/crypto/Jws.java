package io.parley.notifier.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Compact JWS (RFC 7515) signing and verification for ES256 (JOSE raw R||S signatures, converted
 * from and to the JDK's DER) and RS256. Header and claims are given as JSON text.
 */
public final class Jws {

    private Jws() {
    }

    public static String es256(String headerJson, String claimsJson, PrivateKey key) {
        String input = signingInput(headerJson, claimsJson);
        byte[] der = sign("SHA256withECDSA", key, input);
        return input + "." + Base64Url.encode(derToRaw(der, 32));
    }

    public static String rs256(String headerJson, String claimsJson, PrivateKey key) {
        String input = signingInput(headerJson, claimsJson);
        return input + "." + Base64Url.encode(sign("SHA256withRSA", key, input));
    }

    /** Verifies an ES256 or RS256 token's signature; returns the decoded claims JSON, or throws. */
    public static String verify(String token, PublicKey key) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS");
        }
        String header = new String(Base64Url.decode(parts[0]), StandardCharsets.UTF_8);
        boolean es = header.contains("\"ES256\"");
        boolean rs = header.contains("\"RS256\"");
        if (es == rs) {
            throw new IllegalArgumentException("unsupported alg in " + header);
        }
        byte[] sig = Base64Url.decode(parts[2]);
        try {
            Signature s = Signature.getInstance(es ? "SHA256withECDSA" : "SHA256withRSA");
            s.initVerify(key);
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(es ? rawToDer(sig) : sig)) {
                throw new IllegalArgumentException("bad signature");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("bad signature", e);
        }
        return new String(Base64Url.decode(parts[1]), StandardCharsets.UTF_8);
    }

    public static String header(String token) {
        return new String(Base64Url.decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
    }

    private static String signingInput(String headerJson, String claimsJson) {
        return Base64Url.encode(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + Base64Url.encode(claimsJson.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sign(String alg, PrivateKey key, String input) {
        try {
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg + " signing failed", e);
        }
    }

    /** DER SEQUENCE { INTEGER r, INTEGER s } to fixed-length r || s (each {@code n} bytes). */
    public static byte[] derToRaw(byte[] der, int n) {
        int i = 0;
        if (der[i++] != 0x30) {
            throw new IllegalArgumentException("not a DER sequence");
        }
        int seqLen = der[i++] & 0xff;
        if (seqLen == 0x81) {
            i++;
        }
        byte[] out = new byte[2 * n];
        for (int part = 0; part < 2; part++) {
            if (der[i++] != 0x02) {
                throw new IllegalArgumentException("not a DER integer");
            }
            int len = der[i++];
            int start = i;
            int l = len;
            while (l > n && der[start] == 0) {
                start++;
                l--;
            }
            if (l > n) {
                throw new IllegalArgumentException("integer too long");
            }
            System.arraycopy(der, start, out, part * n + n - l, l);
            i += len;
        }
        return out;
    }

    /** Fixed-length r || s to DER. */
    public static byte[] rawToDer(byte[] raw) {
        if (raw.length % 2 != 0 || raw.length == 0) {
            throw new IllegalArgumentException("bad raw signature length " + raw.length);
        }
        int n = raw.length / 2;
        byte[] r = integer(raw, 0, n);
        byte[] s = integer(raw, n, n);
        int len = r.length + s.length;
        byte[] out = new byte[(len >= 128 ? 3 : 2) + len];
        int i = 0;
        out[i++] = 0x30;
        if (len >= 128) {
            out[i++] = (byte) 0x81;
        }
        out[i++] = (byte) len;
        System.arraycopy(r, 0, out, i, r.length);
        System.arraycopy(s, 0, out, i + r.length, s.length);
        return out;
    }

    private static byte[] integer(byte[] raw, int off, int n) {
        int start = off;
        while (start < off + n - 1 && raw[start] == 0) {
            start++;
        }
        int l = off + n - start;
        boolean pad = (raw[start] & 0x80) != 0;
        byte[] out = new byte[2 + l + (pad ? 1 : 0)];
        out[0] = 0x02;
        out[1] = (byte) (l + (pad ? 1 : 0));
        System.arraycopy(raw, start, out, 2 + (pad ? 1 : 0), l);
        return out;
    }
}
