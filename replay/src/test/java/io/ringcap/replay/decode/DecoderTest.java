package io.ringcap.replay.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.FormatterFixtures;
import io.ringcap.replay.MqNotifyRecord;
import io.ringcap.replay.Records;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.MqNotifyDeliveredLayout;
import io.ringcap.wire.MqNotifyLayout;
import io.ringcap.wire.ProcessExecLayout;
import io.ringcap.wire.ReadStatus;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class DecoderTest
{
    /** Records sit at odd places in a journal block: decode at an offset, not at 0. */
    private static final int AT = 24;

    private final EventHeaderDecoder header = new EventHeaderDecoder();
    private final MqNotifyDecoder mqNotify = new MqNotifyDecoder();

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
    void decodesEveryMqNotifyField()
    {
        final UnsafeBuffer buffer = place(new MqNotifyRecord()
            .mqdes(-1)
            .sevp(0xffff_8000_0000_1000L)
            .sevStatus(ReadStatus.OK)
            .sigevent(0xdead_beef_0000_5eedL, 45, SigevNotify.SIGEV_THREAD_ID, 0x0000_0000_0000_1234L, 0x7f00_0000_0040L)
            .exitStatus(ReadStatus.FAULT)
            .exitSigevent(0x1111, 46, SigevNotify.SIGEV_THREAD, 0x2222, 0x3333)
            .toctou(true)
            .mqInode(0x8000_0000_0000_0009L)
            .cookie(FormatterFixtures.cookie())
            .build());

        mqNotify.wrap(buffer, AT);
        assertEquals(-1, mqNotify.mqdes());
        assertEquals(ReadStatus.OK, mqNotify.sevStatus());
        assertEquals(0xffff_8000_0000_1000L, mqNotify.sevp());
        assertEquals(0xdead_beef_0000_5eedL, mqNotify.sigevValue());
        assertEquals(45, mqNotify.sigevSigno());
        assertEquals(SigevNotify.SIGEV_THREAD_ID, mqNotify.sigevNotify());
        assertEquals(0x1234L, mqNotify.union0());
        assertEquals(0x7f00_0000_0040L, mqNotify.union1());
        assertEquals(ReadStatus.FAULT, mqNotify.sevExitStatus());
        assertTrue(mqNotify.toctou());
        assertEquals(0x1111, mqNotify.exitSigevValue());
        assertEquals(46, mqNotify.exitSigevSigno());
        assertEquals(SigevNotify.SIGEV_THREAD, mqNotify.exitSigevNotify());
        assertEquals(0x2222, mqNotify.exitUnion0());
        assertEquals(0x3333, mqNotify.exitUnion1());
        assertEquals(0x8000_0000_0000_0009L, mqNotify.mqInode());
        assertEquals(ReadStatus.OK, mqNotify.cookieStatus());
        assertEquals(0, mqNotify.cookieByte(0));
        assertEquals(0xff, mqNotify.cookieByte(15));
        assertEquals((31 * 17) & 0xff, mqNotify.cookieByte(MqNotifyLayout.COOKIE_LENGTH - 1));

        assertFalse(mqNotify.wrap(place(new MqNotifyRecord().build()), AT).toctou());
    }

    @Test
    void decodesEveryMqNotifyDeliveredField()
    {
        final UnsafeBuffer buffer = place(new Records.MqNotifyDelivered().target(4_194_303, 0x8000_0000_0000_0007L)
            .signo(64).senderMqdes(-1).build(), MqNotifyDeliveredLayout.LENGTH);

        final MqNotifyDeliveredDecoder delivered = new MqNotifyDeliveredDecoder().wrap(buffer, AT);
        assertEquals(4_194_303, delivered.targetPid());
        assertEquals(64, delivered.signo());
        assertEquals(-3, delivered.siCode());
        assertEquals(-1, delivered.senderMqdes());
        assertEquals(0x8000_0000_0000_0007L, delivered.mqInode());
        assertEquals(EventType.MQ_NOTIFY_DELIVERED, header.wrap(buffer, AT).eventType());
    }

    @Test
    void decodesEveryProcessExecField()
    {
        final ProcessExecDecoder exec = new ProcessExecDecoder();
        final UnsafeBuffer buffer = place(new Records.ProcessExec().filename("/usr/bin/caf\u00e9").build(),
            ProcessExecLayout.LENGTH);

        exec.wrap(buffer, AT);
        assertEquals(ReadStatus.OK, exec.filenameStatus());
        assertEquals(14, exec.filenameLength());
        assertEquals("/usr/bin/caf\u00e9", exec.filename());
        assertEquals("path=/usr/bin/caf\u00e9", exec.appendFilename(new StringBuilder("path=")).toString());
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[ProcessExecLayout.FILENAME_CAPACITY + 2]);
        assertEquals(14, exec.getFilename(copy, 2));
        assertEquals("/usr/bin/caf\u00e9", copy.getStringWithoutLengthUtf8(2, 14));
        assertEquals(14, exec.filenameFullLength());
    }

    @Test
    void processExecLengthIsBoundedByTheField()
    {
        final ProcessExecDecoder exec = new ProcessExecDecoder();
        final byte[] longest = new byte[ProcessExecLayout.FILENAME_CAPACITY - 1];
        Arrays.fill(longest, (byte)'a');
        final UnsafeBuffer record = new Records.ProcessExec().filename(ReadStatus.OK, longest).build();

        exec.wrap(place(record, ProcessExecLayout.LENGTH), AT);
        assertEquals(255, exec.filenameLength());
        assertEquals(ReadStatus.OK, exec.filenameStatus(), "255 bytes fill the field and are whole");
        assertEquals(255, exec.filenameFullLength());

        final UnsafeBuffer cut = new Records.ProcessExec().filename(ReadStatus.TRUNCATED, longest, 4095).build();
        exec.wrap(place(cut, ProcessExecLayout.LENGTH), AT);
        assertEquals(ReadStatus.TRUNCATED, exec.filenameStatus());
        assertEquals(255, exec.filenameLength());
        assertEquals(4095, exec.filenameFullLength());
        cut.putInt(ProcessExecLayout.FILENAME_FULL_LENGTH_OFFSET, -1, java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xFFFF_FFFFL, exec.wrap(cut, 0).filenameFullLength(), "a u32, unsigned");

        record.putInt(ProcessExecLayout.FILENAME_LENGTH_OFFSET, 100_000, java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(255, exec.wrap(record, 0).filenameLength(), "a corrupt length stays inside the field");
        record.putInt(ProcessExecLayout.FILENAME_LENGTH_OFFSET, -5, java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, exec.wrap(record, 0).filenameLength());
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
        assertThrows(IndexOutOfBoundsException.class, () -> mqNotify.wrap(buffer, AT));
        assertThrows(IndexOutOfBoundsException.class,
            () -> header.wrap(buffer, buffer.capacity() - EventHeaderLayout.LENGTH + 1));
        assertThrows(IndexOutOfBoundsException.class, () -> header.wrap(buffer, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> new MqNotifyDeliveredDecoder().wrap(
            new UnsafeBuffer(new byte[MqNotifyDeliveredLayout.LENGTH - 1]), 0));
        assertThrows(IndexOutOfBoundsException.class, () -> new ProcessExecDecoder().wrap(
            new UnsafeBuffer(new byte[ProcessExecLayout.LENGTH]), 1));
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
