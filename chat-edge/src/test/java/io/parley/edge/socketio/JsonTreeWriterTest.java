package io.parley.edge.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The writer's text must be Jackson's, character for character, for every kind of node. */
class JsonTreeWriterTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static String written(JsonNode node) {
        StringBuilder out = new StringBuilder("prefix:");
        JsonTreeWriter.append(out, node, JACKSON);
        return out.substring("prefix:".length());
    }

    private static void assertSameAsJackson(JsonNode node) throws Exception {
        assertEquals(JACKSON.writeValueAsString(node), written(node), () -> "for " + node);
    }

    @Test
    void aChatMessageAndItsAckAreWrittenAsJacksonWritesThem() throws Exception {
        ArrayNode event = NODES.arrayNode().add("message:new");
        event.addObject().put("id", "0190b1a2-7c3d-7e4f-8a9b-0c1d2e3f4a5b").put("roomId", "room-1")
                .put("senderId", "alice").put("body", "héllo \"world\" \\ \n😀").putNull("clientMsgId")
                .put("seq", 42L).put("ts", 1_720_000_000_123L);
        assertSameAsJackson(event);
        assertSameAsJackson(NODES.arrayNode().add(NODES.objectNode().put("ok", true).put("id", "m1").put("seq", 1)));
    }

    @Test
    void everyControlCharacterAndEveryEscapeIsJacksons() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x100; c++) {
            all.append(c);
        }
        all.append('\u2028').append('\u2029').append('\uD83D').append("lone").append('\uDE00').append('\uFFFF');
        assertSameAsJackson(NODES.textNode(all.toString()));
        assertSameAsJackson(NODES.objectNode().put(all.toString(), all.toString()));
        assertSameAsJackson(NODES.textNode(""));
    }

    @Test
    void scalarsOfEveryKindMatch() throws Exception {
        ArrayNode scalars = NODES.arrayNode()
                .add(0).add(-1).add(Integer.MIN_VALUE).add(Long.MAX_VALUE).add(Long.MIN_VALUE).add((short) -7)
                .add(1.5).add(-0.0).add(1e300).add(Double.NaN).add(3.25f).add(new BigDecimal("1.2300"))
                .add(new BigInteger("123456789012345678901234567890")).add(true).add(false).addNull()
                .add(new byte[] { 1, 2, 3 });
        scalars.addPOJO(List.of("pojo", 1));
        assertSameAsJackson(scalars);
        for (JsonNode scalar : scalars) {
            assertSameAsJackson(scalar);
        }
    }

    @Test
    void nestedAndEmptyContainersMatch() throws Exception {
        ObjectNode root = NODES.objectNode();
        root.putObject("empty");
        root.putArray("none");
        root.putArray("deep").addArray().addObject().putArray("x").add(1).addObject().put("y", "z");
        assertSameAsJackson(root);
        assertSameAsJackson(NODES.arrayNode());
    }

    @Test
    void randomTreesMatch() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            assertSameAsJackson(randomNode(random, 3));
        }
    }

    private static JsonNode randomNode(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 8 : 6);
        return switch (kind) {
            case 0 -> NODES.textNode(randomString(random));
            case 1 -> NODES.numberNode(random.nextLong());
            case 2 -> NODES.numberNode(random.nextInt());
            case 3 -> NODES.numberNode(random.nextDouble() * 1e6);
            case 4 -> NODES.booleanNode(random.nextBoolean());
            case 5 -> NODES.nullNode();
            case 6 -> {
                ObjectNode object = NODES.objectNode();
                for (int n = random.nextInt(4); n > 0; n--) {
                    object.set(randomString(random), randomNode(random, depth - 1));
                }
                yield object;
            }
            default -> {
                List<JsonNode> elements = new ArrayList<>();
                for (int n = random.nextInt(4); n > 0; n--) {
                    elements.add(randomNode(random, depth - 1));
                }
                yield NODES.arrayNode().addAll(elements);
            }
        };
    }

    private static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            int pick = random.nextInt(4);
            s.append((char) switch (pick) {
                case 0 -> random.nextInt(0x20);
                case 1 -> 0x20 + random.nextInt(0x60);
                case 2 -> random.nextInt(0x10000);
                default -> "\"\\/\u007f".charAt(random.nextInt(4));
            });
        }
        return s.toString();
    }
}
