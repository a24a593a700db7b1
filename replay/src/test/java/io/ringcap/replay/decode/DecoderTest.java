package io.ringcap.replay.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ringcap.replay.MqNotifyRecord;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.MqNotifyLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The common header of every record, as replay reads it: every field, comm cut and decoded, bounds. */
class DecoderTest
{
    /** Records sit at odd places in a journal block: decode at an offset, not at 0. */
    private static final int AT = 24;

    private final EventHeaderDecoder header = new EventHeaderDecoder();

    @Test
    void decodesEveryHeaderField()
    {
        final UnsafeBuffer buffer = place(new MqNotifyRecord()
            .cpu(65535)
            .flags(0xa5a5)
            .entryNs(0x0123_4567_89ab_cdefL)
            .exitNs(0x0123_4567_89ab_ce00L)
            .retval(-16)
            .hostPid(4_194_303)
            .hostTid(4_194_302)
            .hostPpid(4_194_301)
            .pid(7)
            .tid(8)
            .ppid(0)
            .uid(-2)                    // 4294967294: u32 above Integer.MAX_VALUE
            .gid(65534)
            .cgroupId(0x8000_0000_0000_0001L)
            .mntNs(0xF000_0001)
            .pidNs(0xF000_0002)
            .comm("worker/7")
            .build());

        header.wrap(buffer, AT);
        assertEquals(EventType.MQ_NOTIFY, header.eventType());
        assertEquals(MqNotifyLayout.LENGTH, header.size());
        assertEquals(65535, header.cpu());
        assertEquals(0xa5a5, header.flags());
        assertEquals(0x0123_4567_89ab_cdefL, header.entryNs());
        assertEquals(0x0123_4567_89ab_ce00L, header.exitNs());
        assertEquals(-16, header.retval());
        assertEquals(4_194_303, header.hostPid());
        assertEquals(4_194_302, header.hostTid());
        assertEquals(4_194_301, header.hostPpid());
        assertEquals(7, header.pid());
        assertEquals(8, header.tid());
        assertEquals(0, header.ppid());
        assertEquals(4_294_967_294L, header.uid());
        assertEquals(65534, header.gid());
        assertEquals(0x8000_0000_0000_0001L, header.cgroupId());
        assertEquals(0xF000_0001L, header.mntNs());
        assertEquals(0xF000_0002L, header.pidNs());
        assertEquals("worker/7", header.comm());
        assertEquals(8, header.commLength());
        assertEquals(AT, header.offset());
    }

    @Test
    void commWithoutNulTerminatorIsSixteenBytes()
    {
        final UnsafeBuffer buffer = place(new MqNotifyRecord().comm("0123456789abcdef").build());

        header.wrap(buffer, AT);
        assertEquals(EventHeaderLayout.COMM_LENGTH, header.commLength());
        assertEquals("0123456789abcdef", header.comm(), "must stop at the field's end, not read mqdes");
    }

    @Test
    void commIsDecodedAsUtf8WithReplacementForBrokenBytes()
    {
        header.wrap(place(new MqNotifyRecord().comm("héllo€😀").build()), AT);
        assertEquals("héllo€😀", header.comm());

        // The kernel cuts comm at 15 bytes, possibly inside a character: "aaaaaaaaaaaaaa" + first byte of "é".
        final byte[] cut = "aaaaaaaaaaaaaa\u00e9".getBytes(StandardCharsets.UTF_8);
        header.wrap(place(new MqNotifyRecord().comm(Arrays.copyOf(cut, 15)).build()), AT);
        assertEquals("aaaaaaaaaaaaaa\uFFFD", header.comm());

        // A stray continuation byte, an overlong encoding of '/', and a surrogate encoded in UTF-8.
        header.wrap(place(new MqNotifyRecord().comm(new byte[] {'a', (byte)0x80, 'b', (byte)0xC0, (byte)0xAF, 'c',
            (byte)0xED, (byte)0xA0, (byte)0x80}).build()), AT);
        assertEquals("a\uFFFDb\uFFFD\uFFFDc\uFFFD\uFFFD\uFFFD", header.comm());
    }

    @Test
    void appendCommAppends()
    {
        header.wrap(place(new MqNotifyRecord().comm("sh").build()), AT);
        final StringBuilder builder = new StringBuilder("comm=");
        assertEquals("comm=sh", header.appendComm(builder).toString());
    }

    @Test
    void wrapRefusesABufferTooShort()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MqNotifyLayout.LENGTH + AT - 1]);
        header.wrap(buffer, AT + MqNotifyLayout.LENGTH - EventHeaderLayout.LENGTH - 1);
        assertThrows(IndexOutOfBoundsException.class,
            () -> header.wrap(buffer, buffer.capacity() - EventHeaderLayout.LENGTH + 1));
        assertThrows(IndexOutOfBoundsException.class, () -> header.wrap(buffer, -1));
    }

    private static UnsafeBuffer place(final UnsafeBuffer record)
    {
        return place(record, MqNotifyLayout.LENGTH);
    }

    private static UnsafeBuffer place(final UnsafeBuffer record, final int length)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[AT + length + 8]);
        buffer.setMemory(0, buffer.capacity(), (byte)0x5a);
        buffer.putBytes(AT, record, 0, record.capacity());
        return buffer;
    }
}
