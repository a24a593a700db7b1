package io.ringcap.bench;

import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.MqNotifyLayout;
import io.ringcap.wire.ReadStatus;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Realistic records for benchmarks: an mq_notify record as the BPF program writes it.
 */
final class SyntheticEvents
{
    private SyntheticEvents()
    {
    }

    static UnsafeBuffer mqNotifyRecord()
    {
        final UnsafeBuffer record = new UnsafeBuffer(new byte[MqNotifyLayout.LENGTH]);
        record.putShort(EventHeaderLayout.EVENT_TYPE_OFFSET, (short)EventType.MQ_NOTIFY, ByteOrder.LITTLE_ENDIAN);
        record.putShort(EventHeaderLayout.SIZE_OFFSET, (short)MqNotifyLayout.LENGTH, ByteOrder.LITTLE_ENDIAN);
        record.putShort(EventHeaderLayout.CPU_OFFSET, (short)1, ByteOrder.LITTLE_ENDIAN);
        record.putLong(EventHeaderLayout.ENTRY_NS_OFFSET, 1_000_000_000L, ByteOrder.LITTLE_ENDIAN);
        record.putLong(EventHeaderLayout.EXIT_NS_OFFSET, 1_000_000_700L, ByteOrder.LITTLE_ENDIAN);
        record.putLong(EventHeaderLayout.RETVAL_OFFSET, 0, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.HOST_PID_OFFSET, 4242, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.HOST_TID_OFFSET, 4243, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.HOST_PPID_OFFSET, 4000, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.PID_OFFSET, 4242, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.TID_OFFSET, 4243, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.PPID_OFFSET, 4000, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.MNT_NS_OFFSET, (int)4026531841L, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.PID_NS_OFFSET, (int)4026531836L, ByteOrder.LITTLE_ENDIAN);
        record.putLong(EventHeaderLayout.CGROUP_ID_OFFSET, 1234, ByteOrder.LITTLE_ENDIAN);
        record.putBytes(EventHeaderLayout.COMM_OFFSET, "mq_load".getBytes(StandardCharsets.US_ASCII));
        record.putInt(MqNotifyLayout.MQDES_OFFSET, 3, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqNotifyLayout.SEV_STATUS_OFFSET, ReadStatus.OK, ByteOrder.LITTLE_ENDIAN);
        record.putLong(MqNotifyLayout.SEVP_OFFSET, 0x7ffc63875620L, ByteOrder.LITTLE_ENDIAN);
        record.putLong(MqNotifyLayout.SEV_VALUE_OFFSET, 0x5eed, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqNotifyLayout.SEV_SIGNO_OFFSET, 10, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqNotifyLayout.SEV_NOTIFY_OFFSET, 0, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqNotifyLayout.SEV_EXIT_STATUS_OFFSET, ReadStatus.OK, ByteOrder.LITTLE_ENDIAN);
        record.putBytes(MqNotifyLayout.SEV_EXIT_OFFSET, record, MqNotifyLayout.SEV_OFFSET, MqNotifyLayout.SIGEVENT_LENGTH);
        record.putLong(MqNotifyLayout.MQ_INODE_OFFSET, 66751, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqNotifyLayout.COOKIE_STATUS_OFFSET, ReadStatus.SKIPPED, ByteOrder.LITTLE_ENDIAN);
        return record;
    }
}
