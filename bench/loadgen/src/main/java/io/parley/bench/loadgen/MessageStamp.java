package io.parley.bench.loadgen;

import java.util.Arrays;

/**
 * The stamp the load generator embeds in each message body so that receivers can attribute every delivery:
 * {@code <publisher>:<sequence>:<sendNanoTime>:<padding>}, padded with 'x' up to the payload size. The
 * load generator holds both ends, so System.nanoTime() of sender and receiver are comparable.
 *
 * <p>Instances are mutable and reused by a single thread ({@link #parseBody}) to avoid allocation per frame.
 */
public final class MessageStamp {

    public int publisher;
    public long sequence;
    public long sentNanos;
    /** The three numbers of the stamp being parsed; reused, as the instance is. */
    private final long[] parts = new long[3];

    /** Encodes a body of at least {@code payloadSize} characters (longer only if the stamp itself is). */
    public static String encodeBody(int publisher, long sequence, long sentNanos, int payloadSize) {
        StringBuilder sb = new StringBuilder(Math.max(payloadSize, 48));
        sb.append(publisher).append(':').append(sequence).append(':').append(sentNanos).append(':');
        int pad = payloadSize - sb.length();
        if (pad > 0) {
            char[] xs = new char[pad];
            Arrays.fill(xs, 'x');
            sb.append(xs);
        }
        return sb.toString();
    }

    /**
     * Parses the stamp at the start of the {@code body} string field of a JSON frame. Returns false when the
     * frame has no body field or the body is not a stamp.
     */
    public boolean parseBody(CharSequence frame) {
        int i = EngineIoFrames.stringFieldStart(frame, "body");
        if (i < 0) {
            return false;
        }
        int n = frame.length();
        for (int part = 0; part < 3; part++) {
            long v = 0;
            int digits = 0;
            boolean negative = false;
            if (i < n && frame.charAt(i) == '-') {
                negative = true;
                i++;
            }
            while (i < n) {
                char c = frame.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                v = v * 10 + (c - '0');
                digits++;
                i++;
            }
            if (digits == 0 || i >= n || frame.charAt(i) != ':') {
                return false;
            }
            i++;
            parts[part] = negative ? -v : v;
        }
        if (parts[0] < 0 || parts[0] > Integer.MAX_VALUE || parts[1] < 0) {
            return false;
        }
        publisher = (int) parts[0];
        sequence = parts[1];
        sentNanos = parts[2];
        return true;
    }
}
