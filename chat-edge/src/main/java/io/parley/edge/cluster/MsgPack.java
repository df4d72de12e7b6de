package io.parley.edge.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Pure MessagePack codec between bytes and Jackson trees, as the Node.js Redis adapter and emitter
 * encode their messages (notepack.io): maps with string keys, arrays, strings, numbers, booleans,
 * nil and bin (binary values become {@link com.fasterxml.jackson.databind.node.BinaryNode}).
 */
public final class MsgPack {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MsgPack() {
    }

    // ---- encoding ----

    public static byte[] encode(JsonNode node) {
        Writer out = new Writer(64);
        write(out, node);
        return out.toByteArray();
    }

    public static void write(Writer out, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.write(0xc0);
        } else if (node.isBoolean()) {
            out.write(node.booleanValue() ? 0xc3 : 0xc2);
        } else if (node.isIntegralNumber() && node.canConvertToLong()) {
            writeLong(out, node.longValue());
        } else if (node.isNumber()) {
            out.write(0xcb);
            out.writeLong(Double.doubleToLongBits(node.doubleValue()));
        } else if (node.isTextual()) {
            writeString(out, node.textValue());
        } else if (node.isBinary()) {
            byte[] data;
            try {
                data = node.binaryValue();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            writeBinaryHeader(out, data.length);
            out.write(data, 0, data.length);
        } else if (node.isArray()) {
            writeArrayHeader(out, node.size());
            for (JsonNode element : node) {
                write(out, element);
            }
        } else if (node.isObject()) {
            writeMapHeader(out, node.size());
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                writeString(out, field.getKey());
                write(out, field.getValue());
            }
        } else {
            throw new IllegalArgumentException("cannot encode " + node.getNodeType());
        }
    }

    static void writeLong(Writer out, long v) {
        if (v >= 0 && v < 128) {
            out.write((int) v);
        } else if (v < 0 && v >= -32) {
            out.write((int) (v & 0xff));
        } else if (v >= 0 && v <= 0xffffffffL) {
            out.write(0xce);
            out.writeInt((int) v);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write(0xd2);
            out.writeInt((int) v);
        } else if (v >= 0) {
            out.write(0xcf);
            out.writeLong(v);
        } else {
            out.write(0xd3);
            out.writeLong(v);
        }
    }

    /** A uint64 in its fixed 9-byte form, so that it can be patched in place later. */
    public static void writeFixedUint64(Writer out, long v) {
        out.write(0xcf);
        out.writeLong(v);
    }

    public static void writeString(Writer out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        if (n < 32) {
            out.write(0xa0 | n);
        } else if (n < 256) {
            out.write(0xd9);
            out.write(n);
        } else if (n < 65536) {
            out.write(0xda);
            out.writeShort(n);
        } else {
            out.write(0xdb);
            out.writeInt(n);
        }
        out.write(bytes, 0, n);
    }

    public static void writeArrayHeader(Writer out, int n) {
        if (n < 16) {
            out.write(0x90 | n);
        } else if (n < 65536) {
            out.write(0xdc);
            out.writeShort(n);
        } else {
            out.write(0xdd);
            out.writeInt(n);
        }
    }

    public static void writeMapHeader(Writer out, int n) {
        if (n < 16) {
            out.write(0x80 | n);
        } else if (n < 65536) {
            out.write(0xde);
            out.writeShort(n);
        } else {
            out.write(0xdf);
            out.writeInt(n);
        }
    }

    private static void writeBinaryHeader(Writer out, int n) {
        if (n < 256) {
            out.write(0xc4);
            out.write(n);
        } else if (n < 65536) {
            out.write(0xc5);
            out.writeShort(n);
        } else {
            out.write(0xc6);
            out.writeInt(n);
        }
    }

    /** A growable byte buffer whose position is visible (for in-place patches). */
    public static final class Writer extends ByteArrayOutputStream {
        public Writer(int size) {
            super(size);
        }

        public int position() {
            return count;
        }

        void writeShort(int v) {
            write(v >>> 8);
            write(v);
        }

        void writeInt(int v) {
            write(v >>> 24);
            write(v >>> 16);
            write(v >>> 8);
            write(v);
        }

        void writeLong(long v) {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }
    }

    // ---- decoding ----

    /** Decodes one value; throws {@link IllegalArgumentException} on malformed or truncated input. */
    public static JsonNode decode(byte[] bytes) {
        Reader in = new Reader(bytes);
        JsonNode value = in.read(0);
        if (in.pos != bytes.length) {
            throw new IllegalArgumentException("trailing bytes after MessagePack value");
        }
        return value;
    }

    private static final class Reader {
        private static final int MAX_DEPTH = 64;
        private final byte[] b;
        private int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        private int u8() {
            if (pos >= b.length) {
                throw new IllegalArgumentException("truncated MessagePack");
            }
            return b[pos++] & 0xff;
        }

        private int u16() {
            return (u8() << 8) | u8();
        }

        private long u32() {
            return ((long) u16() << 16) | u16();
        }

        private long i64() {
            return (u32() << 32) | u32();
        }

        private byte[] bytes(long n) {
            if (n < 0 || pos + n > b.length) {
                throw new IllegalArgumentException("truncated MessagePack");
            }
            byte[] out = new byte[(int) n];
            System.arraycopy(b, pos, out, 0, (int) n);
            pos += (int) n;
            return out;
        }

        private String str(long n) {
            return new String(bytes(n), StandardCharsets.UTF_8);
        }

        JsonNode read(int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("MessagePack nested too deeply");
            }
            int t = u8();
            if (t <= 0x7f) {
                return NODES.numberNode(t);
            }
            if (t >= 0xe0) {
                return NODES.numberNode((byte) t);
            }
            if ((t & 0xe0) == 0xa0) {
                return NODES.textNode(str(t & 0x1f));
            }
            if ((t & 0xf0) == 0x90) {
                return array(t & 0x0f, depth);
            }
            if ((t & 0xf0) == 0x80) {
                return map(t & 0x0f, depth);
            }
            return switch (t) {
                case 0xc0 -> NODES.nullNode();
                case 0xc2 -> NODES.booleanNode(false);
                case 0xc3 -> NODES.booleanNode(true);
                case 0xc4 -> NODES.binaryNode(bytes(u8()));
                case 0xc5 -> NODES.binaryNode(bytes(u16()));
                case 0xc6 -> NODES.binaryNode(bytes(u32()));
                case 0xca -> NODES.numberNode(Float.intBitsToFloat((int) u32()));
                case 0xcb -> NODES.numberNode(Double.longBitsToDouble(i64()));
                case 0xcc -> NODES.numberNode(u8());
                case 0xcd -> NODES.numberNode(u16());
                case 0xce -> NODES.numberNode(u32());
                case 0xcf -> {
                    long v = i64();
                    yield v >= 0 ? NODES.numberNode(v)
                            : NODES.numberNode(new BigInteger(Long.toUnsignedString(v)));
                }
                case 0xd0 -> NODES.numberNode((byte) u8());
                case 0xd1 -> NODES.numberNode((short) u16());
                case 0xd2 -> NODES.numberNode((int) u32());
                case 0xd3 -> NODES.numberNode(i64());
                case 0xd9 -> NODES.textNode(str(u8()));
                case 0xda -> NODES.textNode(str(u16()));
                case 0xdb -> NODES.textNode(str(u32()));
                case 0xdc -> array(u16(), depth);
                case 0xdd -> array(u32(), depth);
                case 0xde -> map(u16(), depth);
                case 0xdf -> map(u32(), depth);
                case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xc7, 0xc8, 0xc9 -> {
                    // ext types (notepack uses them for undefined and dates): skipped as null
                    int size = switch (t) {
                        case 0xd4 -> 1;
                        case 0xd5 -> 2;
                        case 0xd6 -> 4;
                        case 0xd7 -> 8;
                        case 0xd8 -> 16;
                        case 0xc7 -> u8();
                        case 0xc8 -> u16();
                        default -> (int) u32();
                    };
                    u8();
                    bytes(size);
                    yield NODES.nullNode();
                }
                default -> throw new IllegalArgumentException("unsupported MessagePack type 0x" + Integer.toHexString(t));
            };
        }

        private ArrayNode array(long n, int depth) {
            if (n > b.length - pos) {
                throw new IllegalArgumentException("truncated MessagePack");
            }
            ArrayNode array = NODES.arrayNode((int) n);
            for (long i = 0; i < n; i++) {
                array.add(read(depth + 1));
            }
            return array;
        }

        private ObjectNode map(long n, int depth) {
            if (n > b.length - pos) {
                throw new IllegalArgumentException("truncated MessagePack");
            }
            ObjectNode map = NODES.objectNode();
            for (long i = 0; i < n; i++) {
                JsonNode key = read(depth + 1);
                map.set(key.isTextual() ? key.textValue() : key.asText(), read(depth + 1));
            }
            return map;
        }
    }
}
