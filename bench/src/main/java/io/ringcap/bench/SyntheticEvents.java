package io.ringcap.bench;

import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.MqNotifyLayout;
import io.ringcap.wire.MqOpenLayout;
import io.ringcap.wire.MqTimedReceiveLayout;
import io.ringcap.wire.MqTimedSendLayout;
import io.ringcap.wire.ReadStatus;
import io.ringcap.wire.SigeventLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Realistic records for benchmarks, as the BPF programs write them: mq_notify, and (for replay)
 * mq_open, mq_timedsend and mq_timedreceive with a kept payload. Each builder returns a fresh
 * record of its type's exact length; callers may rewrite any field before writing it to a ring
 * ({@link #header} rewrites the per-event context).
 */
final class SyntheticEvents
{
    /** Bytes of message each mq_timedsend/mq_timedreceive record keeps: capture with --payload-bytes 64. */
    static final int PAYLOAD_BYTES = 64;

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
        record.putBytes(MqNotifyLayout.SEV_EXIT_OFFSET, record, MqNotifyLayout.SEV_OFFSET, SigeventLayout.LENGTH);
        record.putLong(MqNotifyLayout.MQ_INODE_OFFSET, 66751, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqNotifyLayout.COOKIE_STATUS_OFFSET, ReadStatus.SKIPPED, ByteOrder.LITTLE_ENDIAN);
        return record;
    }

    /**
     * Rewrite the per-event context of a record: times, return value, ids (the namespace ids equal
     * the host ids unless nsPid is given), cgroup, namespaces, comm.
     *
     * @param nsPid the tgid in the task's own pid namespace (a container's), or 0 for the host's.
     */
    static void header(
        final UnsafeBuffer record, final int cpu, final long entryNs, final long exitNs, final long retval,
        final int hostPid, final int hostTid, final int hostPpid, final int nsPid, final long cgroupId,
        final long pidNs, final byte[] comm)
    {
        final int nsTid = nsPid == 0 ? hostTid : nsPid + (hostTid - hostPid);
        record.putShort(EventHeaderLayout.CPU_OFFSET, (short)cpu, ByteOrder.LITTLE_ENDIAN);
        record.putLong(EventHeaderLayout.ENTRY_NS_OFFSET, entryNs, ByteOrder.LITTLE_ENDIAN);
        record.putLong(EventHeaderLayout.EXIT_NS_OFFSET, exitNs, ByteOrder.LITTLE_ENDIAN);
        record.putLong(EventHeaderLayout.RETVAL_OFFSET, retval, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.HOST_PID_OFFSET, hostPid, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.HOST_TID_OFFSET, hostTid, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.HOST_PPID_OFFSET, hostPpid, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.PID_OFFSET, nsPid == 0 ? hostPid : nsPid, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.TID_OFFSET, nsTid, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.PPID_OFFSET, nsPid == 0 ? hostPpid : 0, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.UID_OFFSET, nsPid == 0 ? 1000 : 0, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.GID_OFFSET, nsPid == 0 ? 1000 : 0, ByteOrder.LITTLE_ENDIAN);
        record.putLong(EventHeaderLayout.CGROUP_ID_OFFSET, cgroupId, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.PID_NS_OFFSET, (int)pidNs, ByteOrder.LITTLE_ENDIAN);
        record.setMemory(EventHeaderLayout.COMM_OFFSET, EventHeaderLayout.COMM_LENGTH, (byte)0);
        record.putBytes(EventHeaderLayout.COMM_OFFSET, comm, 0, Math.min(comm.length, EventHeaderLayout.COMM_LENGTH - 1));
    }

    /** mq_open("ringcap-bench", O_RDWR|O_CREAT, 0600, {maxmsg=10, msgsize=64}) = 3. */
    static UnsafeBuffer mqOpenRecord()
    {
        final UnsafeBuffer record = baseRecord(EventType.MQ_OPEN, MqOpenLayout.LENGTH);
        record.putLong(EventHeaderLayout.RETVAL_OFFSET, 3, ByteOrder.LITTLE_ENDIAN);
        final byte[] name = "ringcap-bench".getBytes(StandardCharsets.US_ASCII);
        record.putLong(MqOpenLayout.NAME_PTR_OFFSET, 0x5581_2a40_1004L, ByteOrder.LITTLE_ENDIAN);
        record.putLong(MqOpenLayout.ATTR_PTR_OFFSET, 0x7ffc_6387_5600L, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqOpenLayout.OFLAG_OFFSET, 02 | 0100, ByteOrder.LITTLE_ENDIAN); // O_RDWR | O_CREAT
        record.putInt(MqOpenLayout.MODE_OFFSET, 0600, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqOpenLayout.NAME_STATUS_OFFSET, ReadStatus.OK, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqOpenLayout.ATTR_STATUS_OFFSET, ReadStatus.OK, ByteOrder.LITTLE_ENDIAN);
        record.putLong(MqOpenLayout.ATTR_FLAGS_OFFSET, 0, ByteOrder.LITTLE_ENDIAN);
        record.putLong(MqOpenLayout.ATTR_MAXMSG_OFFSET, 10, ByteOrder.LITTLE_ENDIAN);
        record.putLong(MqOpenLayout.ATTR_MSGSIZE_OFFSET, PAYLOAD_BYTES, ByteOrder.LITTLE_ENDIAN);
        record.putLong(MqOpenLayout.ATTR_CURMSGS_OFFSET, 0, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqOpenLayout.NAME_LENGTH_OFFSET, name.length, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqOpenLayout.NAME_FULL_LENGTH_OFFSET, name.length, ByteOrder.LITTLE_ENDIAN); // read whole
        record.putBytes(MqOpenLayout.NAME_OFFSET, name);
        return record;
    }

    /** mq_timedsend(3, msg, 64, prio 1, NULL) = 0, its 64-byte message kept. */
    static UnsafeBuffer mqTimedSendRecord()
    {
        final UnsafeBuffer record = baseRecord(EventType.MQ_TIMEDSEND, MqTimedSendLayout.LENGTH);
        record.putInt(MqTimedSendLayout.MQDES_OFFSET, 3, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqTimedSendLayout.MSG_PRIO_OFFSET, 1, ByteOrder.LITTLE_ENDIAN);
        record.putLong(MqTimedSendLayout.MSG_PTR_OFFSET, 0x7ffc_6387_5700L, ByteOrder.LITTLE_ENDIAN);
        record.putLong(MqTimedSendLayout.MSG_LEN_OFFSET, PAYLOAD_BYTES, ByteOrder.LITTLE_ENDIAN);
        record.putLong(MqTimedSendLayout.ABS_TIMEOUT_PTR_OFFSET, 0, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqTimedSendLayout.TIMEOUT_STATUS_OFFSET, ReadStatus.NULL, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqTimedSendLayout.PAYLOAD_STATUS_OFFSET, ReadStatus.OK, ByteOrder.LITTLE_ENDIAN);
        record.putLong(MqTimedSendLayout.MQ_INODE_OFFSET, 66751, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqTimedSendLayout.PAYLOAD_LENGTH_OFFSET, PAYLOAD_BYTES, ByteOrder.LITTLE_ENDIAN);
        record.putBytes(MqTimedSendLayout.PAYLOAD_OFFSET, payload());
        return record;
    }

    /** mq_timedreceive(3, buf, 64, &prio, {+1 s}) = 64, prio 1 written back, the message kept. */
    static UnsafeBuffer mqTimedReceiveRecord()
    {
        final UnsafeBuffer record = baseRecord(EventType.MQ_TIMEDRECEIVE, MqTimedReceiveLayout.LENGTH);
        record.putLong(EventHeaderLayout.RETVAL_OFFSET, PAYLOAD_BYTES, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqTimedReceiveLayout.MQDES_OFFSET, 3, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqTimedReceiveLayout.MSG_PRIO_OFFSET, 1, ByteOrder.LITTLE_ENDIAN);
        record.putLong(MqTimedReceiveLayout.MSG_PTR_OFFSET, 0x7ffc_6387_5800L, ByteOrder.LITTLE_ENDIAN);
        record.putLong(MqTimedReceiveLayout.MSG_LEN_OFFSET, PAYLOAD_BYTES, ByteOrder.LITTLE_ENDIAN);
        record.putLong(MqTimedReceiveLayout.MSG_PRIO_PTR_OFFSET, 0x7ffc_6387_58f0L, ByteOrder.LITTLE_ENDIAN);
        record.putLong(MqTimedReceiveLayout.ABS_TIMEOUT_PTR_OFFSET, 0x7ffc_6387_58e0L, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqTimedReceiveLayout.PRIO_STATUS_OFFSET, ReadStatus.OK, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqTimedReceiveLayout.TIMEOUT_STATUS_OFFSET, ReadStatus.OK, ByteOrder.LITTLE_ENDIAN);
        record.putLong(MqTimedReceiveLayout.ABS_TIMEOUT_SEC_OFFSET, 1_795_329_470L, ByteOrder.LITTLE_ENDIAN);
        record.putLong(MqTimedReceiveLayout.ABS_TIMEOUT_NSEC_OFFSET, 702_179_650L, ByteOrder.LITTLE_ENDIAN);
        record.putLong(MqTimedReceiveLayout.MQ_INODE_OFFSET, 66751, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqTimedReceiveLayout.PAYLOAD_STATUS_OFFSET, ReadStatus.OK, ByteOrder.LITTLE_ENDIAN);
        record.putInt(MqTimedReceiveLayout.PAYLOAD_LENGTH_OFFSET, PAYLOAD_BYTES, ByteOrder.LITTLE_ENDIAN);
        record.putBytes(MqTimedReceiveLayout.PAYLOAD_OFFSET, payload());
        return record;
    }

    /** A 64-byte message: text and a binary tail, as applications send. */
    private static byte[] payload()
    {
        final byte[] payload = new byte[PAYLOAD_BYTES];
        final byte[] text = "{\"order\":4711,\"qty\":3,\"side\":\"buy\"}".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, payload, 0, text.length);
        for (int i = text.length; i < payload.length; i++)
        {
            payload[i] = (byte)(i * 37);
        }
        return payload;
    }

    private static UnsafeBuffer baseRecord(final int eventType, final int length)
    {
        final UnsafeBuffer record = new UnsafeBuffer(new byte[length]);
        record.putShort(EventHeaderLayout.EVENT_TYPE_OFFSET, (short)eventType, ByteOrder.LITTLE_ENDIAN);
        record.putShort(EventHeaderLayout.SIZE_OFFSET, (short)length, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.MNT_NS_OFFSET, (int)4026531841L, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.PID_NS_OFFSET, (int)4026531836L, ByteOrder.LITTLE_ENDIAN);
        return record;
    }
}
