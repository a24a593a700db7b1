package io.ringcap.replay;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ringcap.wire.MqGetSetAttrLayout;
import io.ringcap.wire.MqOpenLayout;
import io.ringcap.wire.MqTimedReceiveLayout;
import io.ringcap.wire.MqTimedSendLayout;
import io.ringcap.wire.MqUnlinkLayout;
import io.ringcap.wire.ReadStatus;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The five message-queue syscall decoders against records built field by field at the Layout
 * offsets. Every field gets a value no other field has, so an accessor reading its neighbour fails;
 * unused bytes are 0x5a, so an accessor reading past its field or the record fails too.
 */
class MqSyscallDecoderTest
{
    /** Records sit at odd places in a journal block: decode at an offset, not at 0. */
    private static final int AT = 24;
    private static final byte FILL = 0x5a;
    private static final int O_RDWR_CREAT_EXCL = 02 | 0100 | 0200;
    private static final long O_NONBLOCK = 04000;
    /** Binary message bytes: NULs inside and at the end, a byte with the top bit set. */
    private static final byte[] MESSAGE = {'m', 0, 'q', 0, (byte)0xff, 7, 0};

    @Test
    void decodesEveryMqOpenField()
    {
        final UnsafeBuffer buffer = record(MqOpenLayout.LENGTH);
        buffer.putLong(AT + MqOpenLayout.NAME_PTR_OFFSET, 0x7ffd_0000_1000L, LITTLE_ENDIAN);
        buffer.putLong(AT + MqOpenLayout.ATTR_PTR_OFFSET, 0x7ffd_0000_2000L, LITTLE_ENDIAN);
        buffer.putInt(AT + MqOpenLayout.OFLAG_OFFSET, O_RDWR_CREAT_EXCL, LITTLE_ENDIAN);
        buffer.putInt(AT + MqOpenLayout.MODE_OFFSET, 0640, LITTLE_ENDIAN);
        buffer.putInt(AT + MqOpenLayout.NAME_STATUS_OFFSET, ReadStatus.OK, LITTLE_ENDIAN);
        buffer.putInt(AT + MqOpenLayout.ATTR_STATUS_OFFSET, ReadStatus.FAULT, LITTLE_ENDIAN);
        buffer.putLong(AT + MqOpenLayout.ATTR_FLAGS_OFFSET, O_NONBLOCK, LITTLE_ENDIAN);
        buffer.putLong(AT + MqOpenLayout.ATTR_MAXMSG_OFFSET, 4, LITTLE_ENDIAN);
        buffer.putLong(AT + MqOpenLayout.ATTR_MSGSIZE_OFFSET, 64, LITTLE_ENDIAN);
        buffer.putLong(AT + MqOpenLayout.ATTR_CURMSGS_OFFSET, -3, LITTLE_ENDIAN);
        putName(buffer, MqOpenLayout.NAME_LENGTH_OFFSET, MqOpenLayout.NAME_OFFSET, "ringcap-q-42");

        final MqOpenDecoder decoder = new MqOpenDecoder().wrap(buffer, AT);
        assertEquals(0x7ffd_0000_1000L, decoder.namePtr());
        assertEquals(0x7ffd_0000_2000L, decoder.attrPtr());
        assertEquals(O_RDWR_CREAT_EXCL, decoder.oflag());
        assertEquals(0640, decoder.mode());
        assertEquals(ReadStatus.OK, decoder.nameStatus());
        assertEquals(ReadStatus.FAULT, decoder.attrStatus());
        assertEquals(O_NONBLOCK, decoder.attrFlags());
        assertEquals(4, decoder.attrMaxmsg());
        assertEquals(64, decoder.attrMsgsize());
        assertEquals(-3, decoder.attrCurmsgs());
        assertEquals(12, decoder.nameLen());
        assertEquals('r', decoder.nameByte(0));
        assertEquals('2', decoder.nameByte(11));
        assertEquals("ringcap-q-42", decoder.name());
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[MqOpenLayout.NAME_CAPACITY + 3]);
        assertEquals(12, decoder.getName(copy, 3));
        assertEquals("ringcap-q-42", copy.getStringWithoutLengthAscii(3, 12));
        assertEquals(0, copy.getByte(3 + 12), "copies no NUL and nothing past the name");
    }

    @Test
    void decodesEveryMqUnlinkField()
    {
        final UnsafeBuffer buffer = record(MqUnlinkLayout.LENGTH);
        buffer.putLong(AT + MqUnlinkLayout.NAME_PTR_OFFSET, 0x5555_0000_0040L, LITTLE_ENDIAN);
        buffer.putInt(AT + MqUnlinkLayout.NAME_STATUS_OFFSET, ReadStatus.OK, LITTLE_ENDIAN);
        putName(buffer, MqUnlinkLayout.NAME_LENGTH_OFFSET, MqUnlinkLayout.NAME_OFFSET, "qué");

        final MqUnlinkDecoder decoder = new MqUnlinkDecoder().wrap(buffer, AT);
        assertEquals(0x5555_0000_0040L, decoder.namePtr());
        assertEquals(ReadStatus.OK, decoder.nameStatus());
        assertEquals(4, decoder.nameLen(), "bytes, not characters");
        assertEquals(0xc3, decoder.nameByte(2), "bytes read unsigned");
        assertEquals("qué", decoder.name());
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[8]);
        assertEquals(4, decoder.getName(copy, 0));
        assertEquals("qué", copy.getStringWithoutLengthUtf8(0, 4));
    }

    @Test
    void aNameLengthBeyondTheFieldIsCutAtTheFieldsEnd()
    {
        final UnsafeBuffer open = record(MqOpenLayout.LENGTH);
        open.putInt(AT + MqOpenLayout.NAME_LENGTH_OFFSET, 100_000, LITTLE_ENDIAN);
        assertEquals(MqOpenLayout.NAME_CAPACITY - 1, new MqOpenDecoder().wrap(open, AT).nameLen());
        open.putInt(AT + MqOpenLayout.NAME_LENGTH_OFFSET, -1, LITTLE_ENDIAN);
        assertEquals(0, new MqOpenDecoder().wrap(open, AT).nameLen());
        assertEquals("", new MqOpenDecoder().wrap(open, AT).name());

        final UnsafeBuffer unlink = record(MqUnlinkLayout.LENGTH);
        unlink.putInt(AT + MqUnlinkLayout.NAME_LENGTH_OFFSET, 256, LITTLE_ENDIAN);
        assertEquals(MqUnlinkLayout.NAME_CAPACITY - 1, new MqUnlinkDecoder().wrap(unlink, AT).nameLen());
    }

    @Test
    void aTruncatedNameKeepsItsFirstBytesAndItsFullLength()
    {
        final UnsafeBuffer open = record(MqOpenLayout.LENGTH);
        open.putInt(AT + MqOpenLayout.NAME_STATUS_OFFSET, ReadStatus.TRUNCATED, LITTLE_ENDIAN);
        putName(open, MqOpenLayout.NAME_LENGTH_OFFSET, MqOpenLayout.NAME_OFFSET, "a".repeat(255));
        open.putInt(AT + MqOpenLayout.NAME_FULL_LENGTH_OFFSET, 300, LITTLE_ENDIAN);
        final MqOpenDecoder openDecoder = new MqOpenDecoder().wrap(open, AT);
        assertEquals(ReadStatus.TRUNCATED, openDecoder.nameStatus());
        assertEquals(255, openDecoder.nameLen());
        assertEquals(300, openDecoder.nameFullLength());
        assertEquals("a".repeat(255), openDecoder.name());

        final UnsafeBuffer unlink = record(MqUnlinkLayout.LENGTH);
        unlink.putInt(AT + MqUnlinkLayout.NAME_STATUS_OFFSET, ReadStatus.TRUNCATED, LITTLE_ENDIAN);
        putName(unlink, MqUnlinkLayout.NAME_LENGTH_OFFSET, MqUnlinkLayout.NAME_OFFSET, "b".repeat(255));
        unlink.putInt(AT + MqUnlinkLayout.NAME_FULL_LENGTH_OFFSET, ReadStatus.STRING_LENGTH_MAX, LITTLE_ENDIAN);
        final MqUnlinkDecoder unlinkDecoder = new MqUnlinkDecoder().wrap(unlink, AT);
        assertEquals(ReadStatus.TRUNCATED, unlinkDecoder.nameStatus());
        assertEquals(255, unlinkDecoder.nameLen());
        assertEquals(4096, unlinkDecoder.nameFullLength());
        assertEquals("b".repeat(255), unlinkDecoder.name());
    }

    @Test
    void decodesEveryMqTimedSendField()
    {
        final UnsafeBuffer buffer = record(MqTimedSendLayout.LENGTH);
        buffer.putInt(AT + MqTimedSendLayout.MQDES_OFFSET, -2, LITTLE_ENDIAN);
        buffer.putInt(AT + MqTimedSendLayout.MSG_PRIO_OFFSET, 0xffff_fffe, LITTLE_ENDIAN);
        buffer.putLong(AT + MqTimedSendLayout.MSG_PTR_OFFSET, 0x7f00_0000_0010L, LITTLE_ENDIAN);
        buffer.putLong(AT + MqTimedSendLayout.MSG_LEN_OFFSET, 0x8000_0000_0000_0007L, LITTLE_ENDIAN);
        buffer.putLong(AT + MqTimedSendLayout.ABS_TIMEOUT_PTR_OFFSET, 0x7f00_0000_0020L, LITTLE_ENDIAN);
        buffer.putInt(AT + MqTimedSendLayout.TIMEOUT_STATUS_OFFSET, ReadStatus.OK, LITTLE_ENDIAN);
        buffer.putInt(AT + MqTimedSendLayout.PAYLOAD_STATUS_OFFSET, ReadStatus.SKIPPED, LITTLE_ENDIAN);
        buffer.putLong(AT + MqTimedSendLayout.ABS_TIMEOUT_SEC_OFFSET, 1_700_000_000L, LITTLE_ENDIAN);
        buffer.putLong(AT + MqTimedSendLayout.ABS_TIMEOUT_NSEC_OFFSET, 999_999_999L, LITTLE_ENDIAN);
        buffer.putLong(AT + MqTimedSendLayout.MQ_INODE_OFFSET, 0x1_0000_0005L, LITTLE_ENDIAN);
        putPayload(buffer, MqTimedSendLayout.PAYLOAD_LENGTH_OFFSET, MqTimedSendLayout.PAYLOAD_OFFSET, MESSAGE);

        final MqTimedSendDecoder decoder = new MqTimedSendDecoder().wrap(buffer, AT);
        assertEquals(-2, decoder.mqdes());
        assertEquals(4_294_967_294L, decoder.msgPrio(), "u32 read unsigned");
        assertEquals(0x7f00_0000_0010L, decoder.msgPtr());
        assertEquals(0x8000_0000_0000_0007L, decoder.msgLen());
        assertEquals(0x7f00_0000_0020L, decoder.absTimeoutPtr());
        assertEquals(ReadStatus.OK, decoder.timeoutStatus());
        assertEquals(ReadStatus.SKIPPED, decoder.payloadStatus());
        assertEquals(1_700_000_000L, decoder.absTimeoutSec());
        assertEquals(999_999_999L, decoder.absTimeoutNsec());
        assertEquals(0x1_0000_0005L, decoder.mqInode());
        assertPayload(MESSAGE, decoder.payloadLen(), decoder::payloadByte, decoder.payload());
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[MESSAGE.length + 1]);
        copy.putByte(MESSAGE.length, FILL);
        assertEquals(MESSAGE.length, decoder.getPayload(copy, 0));
        assertArrayEquals(MESSAGE, Arrays.copyOf(copy.byteArray(), MESSAGE.length));
        assertEquals(FILL, copy.getByte(MESSAGE.length), "copies nothing past the payload");
    }

    @Test
    void decodesEveryMqTimedReceiveField()
    {
        final UnsafeBuffer buffer = record(MqTimedReceiveLayout.LENGTH);
        buffer.putInt(AT + MqTimedReceiveLayout.MQDES_OFFSET, 3, LITTLE_ENDIAN);
        buffer.putInt(AT + MqTimedReceiveLayout.MSG_PRIO_OFFSET, 7, LITTLE_ENDIAN);
        buffer.putLong(AT + MqTimedReceiveLayout.MSG_PTR_OFFSET, 0x7f00_0000_0100L, LITTLE_ENDIAN);
        buffer.putLong(AT + MqTimedReceiveLayout.MSG_LEN_OFFSET, 64, LITTLE_ENDIAN);
        buffer.putLong(AT + MqTimedReceiveLayout.MSG_PRIO_PTR_OFFSET, 0x7f00_0000_0200L, LITTLE_ENDIAN);
        buffer.putLong(AT + MqTimedReceiveLayout.ABS_TIMEOUT_PTR_OFFSET, 0x7f00_0000_0300L, LITTLE_ENDIAN);
        buffer.putInt(AT + MqTimedReceiveLayout.PRIO_STATUS_OFFSET, ReadStatus.OK, LITTLE_ENDIAN);
        buffer.putInt(AT + MqTimedReceiveLayout.TIMEOUT_STATUS_OFFSET, ReadStatus.FAULT, LITTLE_ENDIAN);
        buffer.putLong(AT + MqTimedReceiveLayout.ABS_TIMEOUT_SEC_OFFSET, 11, LITTLE_ENDIAN);
        buffer.putLong(AT + MqTimedReceiveLayout.ABS_TIMEOUT_NSEC_OFFSET, 12, LITTLE_ENDIAN);
        buffer.putLong(AT + MqTimedReceiveLayout.MQ_INODE_OFFSET, 4242, LITTLE_ENDIAN);
        buffer.putInt(AT + MqTimedReceiveLayout.PAYLOAD_STATUS_OFFSET, ReadStatus.OK, LITTLE_ENDIAN);
        putPayload(buffer, MqTimedReceiveLayout.PAYLOAD_LENGTH_OFFSET, MqTimedReceiveLayout.PAYLOAD_OFFSET, MESSAGE);

        final MqTimedReceiveDecoder decoder = new MqTimedReceiveDecoder().wrap(buffer, AT);
        assertEquals(3, decoder.mqdes());
        assertEquals(7, decoder.msgPrio());
        assertEquals(0x7f00_0000_0100L, decoder.msgPtr());
        assertEquals(64, decoder.msgLen());
        assertEquals(0x7f00_0000_0200L, decoder.msgPrioPtr());
        assertEquals(0x7f00_0000_0300L, decoder.absTimeoutPtr());
        assertEquals(ReadStatus.OK, decoder.prioStatus());
        assertEquals(ReadStatus.FAULT, decoder.timeoutStatus());
        assertEquals(11, decoder.absTimeoutSec());
        assertEquals(12, decoder.absTimeoutNsec());
        assertEquals(4242, decoder.mqInode());
        assertEquals(ReadStatus.OK, decoder.payloadStatus());
        assertPayload(MESSAGE, decoder.payloadLen(), decoder::payloadByte, decoder.payload());
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[MESSAGE.length + 5]);
        assertEquals(MESSAGE.length, decoder.getPayload(copy, 5));
        assertArrayEquals(MESSAGE, Arrays.copyOfRange(copy.byteArray(), 5, 5 + MESSAGE.length));
    }

    @Test
    void aPayloadLengthBeyondTheFieldIsCutAtTheFieldsEnd()
    {
        final UnsafeBuffer send = record(MqTimedSendLayout.LENGTH);
        send.putInt(AT + MqTimedSendLayout.PAYLOAD_LENGTH_OFFSET, 257, LITTLE_ENDIAN);
        assertEquals(MqTimedSendLayout.PAYLOAD_CAPACITY, new MqTimedSendDecoder().wrap(send, AT).payloadLen());
        assertEquals(MqTimedSendLayout.PAYLOAD_CAPACITY, new MqTimedSendDecoder().wrap(send, AT).payload().length);

        final UnsafeBuffer receive = record(MqTimedReceiveLayout.LENGTH);
        receive.putInt(AT + MqTimedReceiveLayout.PAYLOAD_LENGTH_OFFSET, Integer.MIN_VALUE, LITTLE_ENDIAN);
        assertEquals(0, new MqTimedReceiveDecoder().wrap(receive, AT).payloadLen());
        receive.putInt(AT + MqTimedReceiveLayout.PAYLOAD_LENGTH_OFFSET, 256, LITTLE_ENDIAN);
        assertEquals(256, new MqTimedReceiveDecoder().wrap(receive, AT).payloadLen(), "a full payload is 256 bytes");
    }

    @Test
    void decodesEveryMqGetSetAttrField()
    {
        final UnsafeBuffer buffer = record(MqGetSetAttrLayout.LENGTH);
        buffer.putInt(AT + MqGetSetAttrLayout.MQDES_OFFSET, 987, LITTLE_ENDIAN);
        buffer.putInt(AT + MqGetSetAttrLayout.NEWATTR_STATUS_OFFSET, ReadStatus.OK, LITTLE_ENDIAN);
        buffer.putLong(AT + MqGetSetAttrLayout.NEWATTR_PTR_OFFSET, 0x7ffe_0000_0010L, LITTLE_ENDIAN);
        buffer.putLong(AT + MqGetSetAttrLayout.OLDATTR_PTR_OFFSET, 0x7ffe_0000_0030L, LITTLE_ENDIAN);
        buffer.putInt(AT + MqGetSetAttrLayout.OLDATTR_STATUS_OFFSET, ReadStatus.SKIPPED, LITTLE_ENDIAN);
        long value = 101;
        for (int field = 0; field < 8; field++)
        {
            buffer.putLong(AT + MqGetSetAttrLayout.NEWATTR_OFFSET + field * Long.BYTES, value++, LITTLE_ENDIAN);
        }
        buffer.putLong(AT + MqGetSetAttrLayout.MQ_INODE_OFFSET, 77, LITTLE_ENDIAN);

        final MqGetSetAttrDecoder decoder = new MqGetSetAttrDecoder().wrap(buffer, AT);
        assertEquals(987, decoder.mqdes());
        assertEquals(ReadStatus.OK, decoder.newattrStatus());
        assertEquals(0x7ffe_0000_0010L, decoder.newattrPtr());
        assertEquals(0x7ffe_0000_0030L, decoder.oldattrPtr());
        assertEquals(ReadStatus.SKIPPED, decoder.oldattrStatus());
        assertEquals(101, decoder.newattrFlags());
        assertEquals(102, decoder.newattrMaxmsg());
        assertEquals(103, decoder.newattrMsgsize());
        assertEquals(104, decoder.newattrCurmsgs());
        assertEquals(105, decoder.oldattrFlags());
        assertEquals(106, decoder.oldattrMaxmsg());
        assertEquals(107, decoder.oldattrMsgsize());
        assertEquals(108, decoder.oldattrCurmsgs());
        assertEquals(77, decoder.mqInode());
    }

    @Test
    void wrapRefusesABufferTooShort()
    {
        assertRefused(MqOpenLayout.LENGTH, (buffer, offset) -> new MqOpenDecoder().wrap(buffer, offset));
        assertRefused(MqUnlinkLayout.LENGTH, (buffer, offset) -> new MqUnlinkDecoder().wrap(buffer, offset));
        assertRefused(MqTimedSendLayout.LENGTH, (buffer, offset) -> new MqTimedSendDecoder().wrap(buffer, offset));
        assertRefused(MqTimedReceiveLayout.LENGTH, (buffer, offset) -> new MqTimedReceiveDecoder().wrap(buffer, offset));
        assertRefused(MqGetSetAttrLayout.LENGTH, (buffer, offset) -> new MqGetSetAttrDecoder().wrap(buffer, offset));
    }

    private interface Wrapper
    {
        void wrap(UnsafeBuffer buffer, int offset);
    }

    private static void assertRefused(final int length, final Wrapper wrapper)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[AT + length]);
        wrapper.wrap(buffer, AT); // exactly enough room
        assertThrows(IndexOutOfBoundsException.class, () -> wrapper.wrap(buffer, AT + 1));
        assertThrows(IndexOutOfBoundsException.class, () -> wrapper.wrap(buffer, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> wrapper.wrap(new UnsafeBuffer(new byte[length - 1]), 0));
    }

    /** A buffer of fill bytes with room for the record at {@link #AT} and fill after it. */
    private static UnsafeBuffer record(final int length)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[AT + length + 8]);
        buffer.setMemory(0, buffer.capacity(), FILL);
        return buffer;
    }

    /** As the BPF program writes a name: the bytes, a NUL, the length without it. */
    private static void putName(final UnsafeBuffer buffer, final int lengthOffset, final int nameOffset, final String name)
    {
        final byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        buffer.putInt(AT + lengthOffset, bytes.length, LITTLE_ENDIAN);
        buffer.putBytes(AT + nameOffset, bytes);
        buffer.putByte(AT + nameOffset + bytes.length, (byte)0);
    }

    private static void putPayload(final UnsafeBuffer buffer, final int lengthOffset, final int payloadOffset,
        final byte[] payload)
    {
        buffer.putInt(AT + lengthOffset, payload.length, LITTLE_ENDIAN);
        buffer.putBytes(AT + payloadOffset, payload);
    }

    private static void assertPayload(final byte[] expected, final int length,
        final IntUnaryOperator byteAt, final byte[] payload)
    {
        assertEquals(expected.length, length);
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i] & 0xFF, byteAt.applyAsInt(i), "payload byte " + i);
        }
        assertArrayEquals(expected, payload, "NULs kept, nothing after the kept bytes");
    }
}
