package io.parley.notifier.crypto;

import java.util.Base64;

/** base64url without padding (RFC 4648 §5), as JWS, VAPID and push subscriptions use it. */
public final class Base64Url {

    private Base64Url() {
    }

    public static String encode(byte[] data) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
    }

    /** Accepts base64url with or without padding, and also standard base64 (some clients send it). */
    public static byte[] decode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing base64url value");
        }
        String t = text.trim().replace('+', '-').replace('/', '_');
        while (t.endsWith("=")) {
            t = t.substring(0, t.length() - 1);
        }
        return Base64.getUrlDecoder().decode(t);
    }
}
