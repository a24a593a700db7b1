package io.ringcap.replay.format;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcap.replay.Records;
import io.ringcap.replay.journal.JournalTables;
import io.ringcap.wire.MqOpenLayout;
import io.ringcap.wire.MqTimedReceiveLayout;
import io.ringcap.wire.MqTimedSendLayout;
import io.ringcap.wire.MqUnlinkLayout;
import io.ringcap.wire.ProcessExecLayout;
import io.ringcap.wire.ReadStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * A length field read from a record is never trusted: a string shows at most its field less the
 * NUL, a payload at most its field, a negative length nothing, whatever the record says.
 */
class LengthFieldClampTest
{
    @Test
    void aNameLengthBeyondTheFieldIsCutAtTheFieldsEndAndANegativeOneIsEmpty() throws Exception
    {
        final UnsafeBuffer tooLong = new Records.MqOpen().name("q".repeat(MqOpenLayout.NAME_CAPACITY - 1)).build();
        tooLong.putInt(MqOpenLayout.NAME_LENGTH_OFFSET, 100_000, LITTLE_ENDIAN);
        final UnsafeBuffer negative = new Records.MqOpen().name("q").build();
        negative.putInt(MqOpenLayout.NAME_LENGTH_OFFSET, -1, LITTLE_ENDIAN);
        final UnsafeBuffer unlink = new Records.MqUnlink().name(ReadStatus.OK,
            "u".repeat(MqUnlinkLayout.NAME_CAPACITY - 1).getBytes(java.nio.charset.StandardCharsets.US_ASCII)).build();
        unlink.putInt(MqUnlinkLayout.NAME_LENGTH_OFFSET, MqUnlinkLayout.NAME_CAPACITY, LITTLE_ENDIAN);

        final List<JsonNode> events = JsonFormatterTest.render(JournalTables.empty(), List.of(tooLong, negative, unlink));
        assertEquals("q".repeat(MqOpenLayout.NAME_CAPACITY - 1), name(events.get(0)));
        assertEquals("", name(events.get(1)));
        assertEquals("u".repeat(MqUnlinkLayout.NAME_CAPACITY - 1), name(events.get(2)));
    }

    @Test
    void aPayloadLengthBeyondTheFieldIsCutAtTheFieldsEnd() throws Exception
    {
        final byte[] full = new byte[MqTimedSendLayout.PAYLOAD_CAPACITY];
        final UnsafeBuffer send = new Records.MqTimedSend().payload(ReadStatus.OK, full).build();
        send.putInt(MqTimedSendLayout.PAYLOAD_LENGTH_OFFSET, MqTimedSendLayout.PAYLOAD_CAPACITY + 1, LITTLE_ENDIAN);
        final UnsafeBuffer receive = new Records.MqTimedReceive().payload(ReadStatus.OK, new byte[] {1}).build();
        receive.putInt(MqTimedReceiveLayout.PAYLOAD_LENGTH_OFFSET, Integer.MIN_VALUE, LITTLE_ENDIAN);

        final List<JsonNode> events = JsonFormatterTest.render(JournalTables.empty(), List.of(send, receive));
        assertEquals(2 * MqTimedSendLayout.PAYLOAD_CAPACITY, events.get(0).get("ringcap").get("payload").textValue().length(),
            "256 bytes in hex: the field, not the 257 the record claims");
        assertEquals("", events.get(1).get("ringcap").get("payload").textValue());
    }

    @Test
    void anExecsFilenameLengthBeyondTheFieldNamesAtMostTheFieldAsTheExecutable() throws Exception
    {
        final byte[] longest = "e".repeat(ProcessExecLayout.FILENAME_CAPACITY - 1).getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer tooLong = new Records.ProcessExec().filename(ReadStatus.OK, longest).build();
        tooLong.putInt(ProcessExecLayout.FILENAME_LENGTH_OFFSET, 100_000, LITTLE_ENDIAN);
        final UnsafeBuffer negative = new Records.ProcessExec().filename("/usr/bin/x").build();
        negative.putInt(ProcessExecLayout.FILENAME_LENGTH_OFFSET, -5, LITTLE_ENDIAN);
        final UnsafeBuffer open = new Records.MqOpen().build(); // the same process, after each exec

        final List<JsonNode> events = JsonFormatterTest.render(JournalTables.empty(), List.of(tooLong, open, negative, open));
        assertEquals("e".repeat(ProcessExecLayout.FILENAME_CAPACITY - 1), executable(events.get(1)),
            "255 bytes: the field less its NUL, not the 100,000 the record claims");
        assertEquals("", executable(events.get(3)), "a negative length names nothing");
    }

    private static String executable(final JsonNode event)
    {
        return event.get("executable").get("path").textValue();
    }

    private static String name(final JsonNode event)
    {
        return event.get("args").get(0).get("value").textValue();
    }
}
