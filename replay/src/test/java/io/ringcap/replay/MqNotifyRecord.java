package io.ringcap.replay;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.MqNotifyLayout;
import io.ringcap.wire.ReadStatus;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Builds an {@code rc_mq_notify} record byte by byte at the Layout offsets, as the BPF program
 * fills it. Defaults: a successful mq_notify(3, &sev) asking for SIGUSR1 with value 0x5eed.
 */
final class MqNotifyRecord
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MqNotifyLayout.LENGTH]);

    MqNotifyRecord()
    {
        putShort(EventHeaderLayout.EVENT_TYPE_OFFSET, EventType.MQ_NOTIFY);
        putShort(EventHeaderLayout.SIZE_OFFSET, MqNotifyLayout.LENGTH);
        cpu(3);
        entryNs(5_000_000_000L);
        exitNs(5_000_012_345L);
        retval(0);
        pid(4242);
        tid(4243);
        uid(1000);
        gid(1001);
        cgroupId(4711);
        comm("mq_notify_cases");
        mqdes(3);
        sevp(0x7ffc63875620L);
        sevStatus(ReadStatus.OK);
        sigevent(0x5eed, 10, SigevNotify.SIGEV_SIGNAL, 0, 0);
    }

    MqNotifyRecord eventType(final int eventType)
    {
        return putShort(EventHeaderLayout.EVENT_TYPE_OFFSET, eventType);
    }

    MqNotifyRecord size(final int size)
    {
        return putShort(EventHeaderLayout.SIZE_OFFSET, size);
    }

    MqNotifyRecord cpu(final int cpu)
    {
        return putShort(EventHeaderLayout.CPU_OFFSET, cpu);
    }

    MqNotifyRecord flags(final int flags)
    {
        return putShort(EventHeaderLayout.FLAGS_OFFSET, flags);
    }

    MqNotifyRecord entryNs(final long entryNs)
    {
        buffer.putLong(EventHeaderLayout.ENTRY_NS_OFFSET, entryNs, LITTLE_ENDIAN);
        return this;
    }

    MqNotifyRecord exitNs(final long exitNs)
    {
        buffer.putLong(EventHeaderLayout.EXIT_NS_OFFSET, exitNs, LITTLE_ENDIAN);
        return this;
    }

    MqNotifyRecord retval(final long retval)
    {
        buffer.putLong(EventHeaderLayout.RETVAL_OFFSET, retval, LITTLE_ENDIAN);
        return this;
    }

    MqNotifyRecord pid(final int pid)
    {
        buffer.putInt(EventHeaderLayout.PID_OFFSET, pid, LITTLE_ENDIAN);
        return this;
    }

    MqNotifyRecord tid(final int tid)
    {
        buffer.putInt(EventHeaderLayout.TID_OFFSET, tid, LITTLE_ENDIAN);
        return this;
    }

    MqNotifyRecord uid(final int uid)
    {
        buffer.putInt(EventHeaderLayout.UID_OFFSET, uid, LITTLE_ENDIAN);
        return this;
    }

    MqNotifyRecord gid(final int gid)
    {
        buffer.putInt(EventHeaderLayout.GID_OFFSET, gid, LITTLE_ENDIAN);
        return this;
    }

    MqNotifyRecord cgroupId(final long cgroupId)
    {
        buffer.putLong(EventHeaderLayout.CGROUP_ID_OFFSET, cgroupId, LITTLE_ENDIAN);
        return this;
    }

    MqNotifyRecord comm(final String comm)
    {
        return comm(comm.getBytes(StandardCharsets.UTF_8));
    }

    /** Raw comm bytes, NUL-padded like bpf_get_current_comm (no NUL when 16 bytes are given). */
    MqNotifyRecord comm(final byte[] comm)
    {
        buffer.setMemory(EventHeaderLayout.COMM_OFFSET, EventHeaderLayout.COMM_LENGTH, (byte)0);
        buffer.putBytes(EventHeaderLayout.COMM_OFFSET, comm);
        return this;
    }

    MqNotifyRecord mqdes(final int mqdes)
    {
        buffer.putInt(MqNotifyLayout.MQDES_OFFSET, mqdes, LITTLE_ENDIAN);
        return this;
    }

    MqNotifyRecord sevStatus(final int status)
    {
        buffer.putInt(MqNotifyLayout.SEV_STATUS_OFFSET, status, LITTLE_ENDIAN);
        return this;
    }

    MqNotifyRecord sevp(final long sevp)
    {
        buffer.putLong(MqNotifyLayout.SEVP_OFFSET, sevp, LITTLE_ENDIAN);
        return this;
    }

    MqNotifyRecord sigevent(final long value, final int signo, final int notify, final long union0, final long union1)
    {
        buffer.putLong(MqNotifyLayout.SEV_VALUE_OFFSET, value, LITTLE_ENDIAN);
        buffer.putInt(MqNotifyLayout.SEV_SIGNO_OFFSET, signo, LITTLE_ENDIAN);
        buffer.putInt(MqNotifyLayout.SEV_NOTIFY_OFFSET, notify, LITTLE_ENDIAN);
        buffer.putLong(MqNotifyLayout.SEV_UNION0_OFFSET, union0, LITTLE_ENDIAN);
        buffer.putLong(MqNotifyLayout.SEV_UNION1_OFFSET, union1, LITTLE_ENDIAN);
        return this;
    }

    /** NULL sevp, as the BPF program records it: nothing read, sev zero. */
    MqNotifyRecord nullSevp()
    {
        sevp(0);
        sevStatus(ReadStatus.NULL);
        return sigevent(0, 0, 0, 0, 0);
    }

    /** An unreadable sevp: garbage left in sev must not be shown. */
    MqNotifyRecord faultedSevp(final long sevp)
    {
        sevp(sevp);
        sevStatus(ReadStatus.FAULT);
        return sigevent(0x6a6a6a6aL, 77, 9, 0x1111, 0x2222);
    }

    /** @return a copy of the record so far. */
    UnsafeBuffer build()
    {
        final byte[] copy = buffer.byteArray().clone();
        return new UnsafeBuffer(copy);
    }

    private MqNotifyRecord putShort(final int offset, final int value)
    {
        buffer.putShort(offset, (short)value, LITTLE_ENDIAN);
        return this;
    }
}
