package io.ringcap.wire;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The generated flyweights read each field at its generated offset with its width and signedness
 * (the offsets themselves are BTF's; WireGenerator wrote both). All-ones bytes tell a widened
 * unsigned read from a sign-extended one.
 */
class GeneratedRecordTest
{
    @Test
    void readsEachWidthAndSignedness()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8 + MqTimedReceiveLayout.LENGTH]);
        buffer.setMemory(0, buffer.capacity(), (byte)0xFF);
        final int at = 8;
        final MqTimedReceiveRecord record = new MqTimedReceiveRecord().wrap(buffer, at);

        assertEquals(0xFFFF, record.eventType(), "u16 widens");
        assertEquals(-1L, record.retval(), "s64");
        assertEquals(0xFFFF_FFFFL, record.hostPid(), "u32 widens");
        assertEquals(-1, record.mqdes(), "s32 stays signed");
        assertEquals(0xFFFF_FFFFL, record.msgPrio(), "u32 widens");
        assertEquals(-1L, record.msgLen(), "u64: the long with the same bits");
        assertEquals(-1L, record.absTimeoutSec(), "s64 inside the nested timespec");
        assertEquals(0xFF, record.payloadByte(MqTimedReceiveLayout.PAYLOAD_CAPACITY - 1));
        assertThrows(IndexOutOfBoundsException.class, () -> record.payloadByte(MqTimedReceiveLayout.PAYLOAD_CAPACITY));
    }

    @Test
    void readsWhereTheLayoutSays()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MqNotifyLayout.LENGTH]);
        buffer.putShort(EventHeaderLayout.EVENT_TYPE_OFFSET, (short)EventType.MQ_NOTIFY, LITTLE_ENDIAN);
        buffer.putInt(MqNotifyLayout.MQDES_OFFSET, 3, LITTLE_ENDIAN);
        buffer.putLong(MqNotifyLayout.SEVP_OFFSET, 0x7ffd_0000_1000L, LITTLE_ENDIAN);
        buffer.putInt(MqNotifyLayout.SEV_OFFSET + SigeventLayout.SIGNO, 10, LITTLE_ENDIAN);
        buffer.putInt(MqNotifyLayout.SEV_EXIT_OFFSET + SigeventLayout.SIGNO, 12, LITTLE_ENDIAN);
        buffer.putLong(MqNotifyLayout.MQ_INODE_OFFSET, 4242, LITTLE_ENDIAN);
        buffer.putBytes(MqNotifyLayout.COOKIE_OFFSET, new byte[] {1, 2, 3});
        buffer.putBytes(EventHeaderLayout.COMM_OFFSET, "mq".getBytes());

        final MqNotifyRecord record = new MqNotifyRecord().wrap(buffer, 0);
        assertEquals(EventType.MQ_NOTIFY, record.eventType());
        assertEquals(3, record.mqdes());
        assertEquals(0x7ffd_0000_1000L, record.sevp());
        assertEquals(10, record.sevSigno());
        assertEquals(12, record.sevExitSigno());
        assertEquals(4242, record.mqInode());
        assertEquals('m', record.commByte(0));

        final byte[] cookie = new byte[3];
        record.getCookie(new UnsafeBuffer(cookie), 0, cookie.length);
        assertArrayEquals(new byte[] {1, 2, 3}, cookie);
        assertThrows(IndexOutOfBoundsException.class,
            () -> record.getCookie(new UnsafeBuffer(new byte[64]), 0, MqNotifyLayout.COOKIE_LENGTH + 1));
        assertEquals(EventType.MQ_NOTIFY, new EventHeaderRecord().wrap(buffer, 0).eventType());
    }

    @Test
    void wrapRefusesAShortBuffer()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MqNotifyLayout.LENGTH - 1]);
        assertThrows(IndexOutOfBoundsException.class, () -> new MqNotifyRecord().wrap(buffer, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> new GapRecord().wrap(new UnsafeBuffer(new byte[256]), 200));
    }
}
