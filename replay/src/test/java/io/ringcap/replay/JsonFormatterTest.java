package io.ringcap.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class JsonFormatterTest
{
    static final List<String> TOP_LEVEL_FIELDS = List.of("timestamp", "exitTimestamp", "processorId", "processId",
        "cgroupId", "threadId", "userId", "processName", "hostName", "eventId", "eventName", "argsNum",
        "returnValue", "syscall", "args");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void oneObjectPerLineWithTraceeFields() throws Exception
    {
        final List<JsonNode> events = render(FormatterFixtures.records());
        assertEquals(8, events.size());

        final JsonNode first = events.get(0);
        assertEquals(TOP_LEVEL_FIELDS, fieldNames(first));
        assertEquals(FormatterFixtures.WALL_NS, first.get("timestamp").longValue());
        assertEquals(1_732_270_542_123_456_789L, first.get("timestamp").longValue());
        assertEquals(FormatterFixtures.WALL_NS + 12_345, first.get("exitTimestamp").longValue());
        assertEquals(3, first.get("processorId").intValue());
        assertEquals(4242, first.get("processId").intValue());
        assertEquals(4711, first.get("cgroupId").longValue());
        assertEquals(4243, first.get("threadId").intValue());
        assertEquals(1000, first.get("userId").intValue());
        assertEquals("mq_notify_cases", first.get("processName").textValue());
        assertEquals("build-7", first.get("hostName").textValue());
        assertEquals("244", first.get("eventId").textValue(), "Tracee's eventId: the amd64 syscall number, a string");
        assertEquals("mq_notify", first.get("eventName").textValue());
        assertEquals(2, first.get("argsNum").intValue());
        assertEquals(0, first.get("returnValue").intValue());
        assertEquals("mq_notify", first.get("syscall").textValue());

        assertEquals(
            "[{\"name\":\"mqdes\",\"type\":\"mqd_t\",\"value\":3}," +
            "{\"name\":\"sevp\",\"type\":\"const struct sigevent*\",\"value\":140721978299936}," +
            "{\"name\":\"sigevent\",\"type\":\"struct sigevent\",\"value\":" +
            "{\"sigev_notify\":\"SIGEV_SIGNAL\",\"sigev_signo\":10,\"signal\":\"SIGUSR1\",\"sigev_value\":24301}}]",
            MAPPER.writeValueAsString(first.get("args")));
        assertEquals(0x7ffc63875620L, first.get("args").get(1).get("value").longValue());
        assertTrue(first.get("args").get(1).get("value").isIntegralNumber(), "a pointer is a JSON number");
    }

    @Test
    void nullSevpHasANullSigevent() throws Exception
    {
        final JsonNode event = render(FormatterFixtures.records()).get(1);

        assertEquals(-9, event.get("returnValue").intValue());
        assertEquals(99, event.get("args").get(0).get("value").intValue());
        assertEquals(0, event.get("args").get(1).get("value").longValue());
        assertTrue(event.get("args").get(2).get("value").isNull());
        assertEquals(3, event.get("args").size());
    }

    @Test
    void unreadableSigeventIsAnErrorNeverZeros() throws Exception
    {
        final JsonNode event = render(FormatterFixtures.records()).get(2);

        assertEquals(FormatterFixtures.WALL_NS + 1_000_000_001L, event.get("timestamp").longValue());
        assertEquals(12, event.get("processorId").intValue());
        assertEquals(4250, event.get("threadId").intValue());
        assertEquals(-14, event.get("returnValue").intValue());
        assertEquals(16, event.get("args").get(1).get("value").longValue());
        assertEquals("{\"error\":\"EFAULT\"}", MAPPER.writeValueAsString(event.get("args").get(2).get("value")));
    }

    @Test
    void threadIdThreadAndNoneVariants() throws Exception
    {
        final List<JsonNode> events = render(FormatterFixtures.records());

        assertEquals("{\"sigev_notify\":\"SIGEV_THREAD_ID\",\"sigev_signo\":35,\"signal\":\"SIGRTMIN+1\"," +
            "\"sigev_value\":42,\"sigev_notify_thread_id\":4243}", sigevent(events.get(3)));
        assertEquals(-16, events.get(3).get("returnValue").intValue());
        assertEquals("{\"sigev_notify\":\"SIGEV_NONE\",\"sigev_signo\":0,\"signal\":null,\"sigev_value\":0}",
            sigevent(events.get(4)));
        assertEquals("{\"sigev_notify\":\"SIGEV_THREAD\",\"sigev_signo\":5,\"signal\":\"SIGTRAP\"," +
            "\"sigev_value\":139716164218880,\"sigev_notify_function\":4198710,\"sigev_notify_attributes\":0}",
            sigevent(events.get(5)));
        assertEquals("{\"sigev_notify\":\"3\",\"sigev_signo\":33,\"signal\":null,\"sigev_value\":18446744073709551615}",
            sigevent(events.get(6)));
        assertEquals(-4000, events.get(6).get("returnValue").intValue());
    }

    @Test
    void unsignedValuesAndOddProcessNames() throws Exception
    {
        final JsonNode event = render(FormatterFixtures.records()).get(7);

        assertEquals(new BigInteger("18446744073709551614"), event.get("cgroupId").bigIntegerValue());
        assertEquals(new BigInteger("18446744073709547520"), event.get("args").get(1).get("value").bigIntegerValue());
        assertEquals("tab\there€", event.get("processName").textValue());
        assertEquals(TOP_LEVEL_FIELDS, fieldNames(event));
    }

    @Test
    void highUidIsUnsigned() throws Exception
    {
        final JsonNode event = render(List.of(new MqNotifyRecord().uid(-2).build())).get(0);

        assertEquals(4_294_967_294L, event.get("userId").longValue());
    }

    static List<JsonNode> render(final List<UnsafeBuffer> records) throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final JsonFormatter formatter = new JsonFormatter(out, FormatterFixtures.METADATA);
        formatter.begin();
        for (final UnsafeBuffer record : records)
        {
            formatter.onRecord(record, 0, record.capacity());
        }
        formatter.flush();
        return parseLines(out.toString(StandardCharsets.UTF_8));
    }

    /** Each line one complete JSON object; the output ends with a newline. */
    static List<JsonNode> parseLines(final String output) throws Exception
    {
        final List<JsonNode> events = new ArrayList<>();
        if (output.isEmpty())
        {
            return events;
        }
        assertTrue(output.endsWith("\n"), output);
        for (final String line : output.substring(0, output.length() - 1).split("\n", -1))
        {
            assertFalse(line.isBlank(), output);
            final JsonNode node = MAPPER.readTree(line);
            assertTrue(node.isObject(), line);
            events.add(node);
        }
        return events;
    }

    static List<String> fieldNames(final JsonNode node)
    {
        final List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String sigevent(final JsonNode event) throws Exception
    {
        final JsonNode arg = event.get("args").get(2);
        assertEquals("sigevent", arg.get("name").textValue());
        assertEquals("struct sigevent", arg.get("type").textValue());
        return MAPPER.writeValueAsString(arg.get("value"));
    }
}
