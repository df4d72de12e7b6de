package io.parley.notifier.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The webhook signature: {@code sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}, sent in
 * {@link #SIGNATURE_HEADER} with the Unix-seconds timestamp in {@link #TIMESTAMP_HEADER} (a receiver
 * rejects old timestamps to stop replays).
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-Parley-Signature";
    public static final String TIMESTAMP_HEADER = "X-Parley-Timestamp";

    private WebhookSignature() {
    }

    public static String sign(byte[] secret, long timestampSeconds, byte[] body) {
        byte[] prefix = (timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, data, 0, prefix.length);
        System.arraycopy(body, 0, data, prefix.length, body.length);
        return "sha256=" + HexFormat.of().formatHex(Hkdf.hmac(secret, data));
    }

    /** Constant-time comparison of a received header with the expected signature. */
    public static boolean verify(byte[] secret, long timestampSeconds, byte[] body, String header) {
        if (header == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, timestampSeconds, body).getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.US_ASCII));
    }
}
