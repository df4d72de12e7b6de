package io.parley.bench.loadgen;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The payload of one received text frame, read as characters one byte each, without decoding it into a String.
 * The frames the load generator parses are ASCII where it looks (packet types, ack ids, JSON keys, the stamp);
 * any other UTF-8 byte reads as a character at or above U+0080, which matches none of them.
 *
 * <p>One instance per event-loop thread is refilled for every frame: a reader must not keep it.
 */
final class FrameChars implements CharSequence {

    private byte[] bytes;
    private int length;

    FrameChars(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** Holds the readable bytes of {@code content} (not consumed) and returns this. */
    FrameChars fill(ByteBuf content) {
        int n = content.readableBytes();
        if (n > bytes.length) {
            bytes = new byte[Math.max(n, bytes.length * 2)];
        }
        content.getBytes(content.readerIndex(), bytes, 0, n);
        length = n;
        return this;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + ", length " + length);
        }
        return (char) (bytes[index] & 0xff);
    }

    /** The bytes in [start, end) decoded as UTF-8 (a copy). */
    @Override
    public CharSequence subSequence(int start, int end) {
        if (start < 0 || end > length || start > end) {
            throw new IndexOutOfBoundsException("[" + start + ", " + end + ") of " + length);
        }
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }

    /** The whole frame decoded as UTF-8 (a copy). */
    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
