package io.ringcap.replay;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.EventHeaderLayout;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Builds a record byte by byte at the Layout offsets, as a BPF program fills it: the rc_header with
 * defaults every test can rely on, then whatever the subclass puts in the body. Ids differ between
 * host and namespace (a process in a container) so that a formatter showing the wrong one fails.
 *
 * @param <T> the builder, for chaining.
 */
abstract class RecordBuilder<T extends RecordBuilder<T>>
{
    static final long ENTRY_NS = 5_000_000_000L;
    static final long EXIT_NS = 5_000_012_345L;
    static final int HOST_PID = 4242;
    static final int HOST_TID = 4243;
    static final int HOST_PPID = 4200;
    static final int PID = 42;
    static final int TID = 43;
    static final int PPID = 1;
    static final long CGROUP_ID = 4711;
    static final long MNT_NS = 4_026_532_841L;
    static final long PID_NS = 4_026_532_836L;

    final UnsafeBuffer buffer;

    RecordBuilder(final int eventType, final int length)
    {
        buffer = new UnsafeBuffer(new byte[length]);
        putShort(EventHeaderLayout.EVENT_TYPE_OFFSET, eventType);
        putShort(EventHeaderLayout.SIZE_OFFSET, length);
        cpu(3);
        entryNs(ENTRY_NS);
        exitNs(EXIT_NS);
        retval(0);
        hostPid(HOST_PID);
        hostTid(HOST_TID);
        hostPpid(HOST_PPID);
        pid(PID);
        tid(TID);
        ppid(PPID);
        uid(1000);
        gid(1001);
        cgroupId(CGROUP_ID);
        mntNs((int)MNT_NS);
        pidNs((int)PID_NS);
        comm("mq_notify_cases");
    }

    @SuppressWarnings("unchecked")
    final T self()
    {
        return (T)this;
    }

    T eventType(final int eventType)
    {
        return putShort(EventHeaderLayout.EVENT_TYPE_OFFSET, eventType);
    }

    T size(final int size)
    {
        return putShort(EventHeaderLayout.SIZE_OFFSET, size);
    }

    T cpu(final int cpu)
    {
        return putShort(EventHeaderLayout.CPU_OFFSET, cpu);
    }

    T flags(final int flags)
    {
        return putShort(EventHeaderLayout.FLAGS_OFFSET, flags);
    }

    T entryNs(final long entryNs)
    {
        return putLong(EventHeaderLayout.ENTRY_NS_OFFSET, entryNs);
    }

    T exitNs(final long exitNs)
    {
        return putLong(EventHeaderLayout.EXIT_NS_OFFSET, exitNs);
    }

    T retval(final long retval)
    {
        return putLong(EventHeaderLayout.RETVAL_OFFSET, retval);
    }

    T hostPid(final int hostPid)
    {
        return putInt(EventHeaderLayout.HOST_PID_OFFSET, hostPid);
    }

    T hostTid(final int hostTid)
    {
        return putInt(EventHeaderLayout.HOST_TID_OFFSET, hostTid);
    }

    T hostPpid(final int hostPpid)
    {
        return putInt(EventHeaderLayout.HOST_PPID_OFFSET, hostPpid);
    }

    T pid(final int pid)
    {
        return putInt(EventHeaderLayout.PID_OFFSET, pid);
    }

    T tid(final int tid)
    {
        return putInt(EventHeaderLayout.TID_OFFSET, tid);
    }

    T ppid(final int ppid)
    {
        return putInt(EventHeaderLayout.PPID_OFFSET, ppid);
    }

    T uid(final int uid)
    {
        return putInt(EventHeaderLayout.UID_OFFSET, uid);
    }

    T gid(final int gid)
    {
        return putInt(EventHeaderLayout.GID_OFFSET, gid);
    }

    T cgroupId(final long cgroupId)
    {
        return putLong(EventHeaderLayout.CGROUP_ID_OFFSET, cgroupId);
    }

    T mntNs(final int mntNs)
    {
        return putInt(EventHeaderLayout.MNT_NS_OFFSET, mntNs);
    }

    T pidNs(final int pidNs)
    {
        return putInt(EventHeaderLayout.PID_NS_OFFSET, pidNs);
    }

    T comm(final String comm)
    {
        return comm(comm.getBytes(StandardCharsets.UTF_8));
    }

    /** Raw comm bytes, NUL-padded like bpf_get_current_comm (no NUL when 16 bytes are given). */
    T comm(final byte[] comm)
    {
        buffer.setMemory(EventHeaderLayout.COMM_OFFSET, EventHeaderLayout.COMM_LENGTH, (byte)0);
        buffer.putBytes(EventHeaderLayout.COMM_OFFSET, comm);
        return self();
    }

    T putShort(final int offset, final int value)
    {
        buffer.putShort(offset, (short)value, LITTLE_ENDIAN);
        return self();
    }

    T putInt(final int offset, final int value)
    {
        buffer.putInt(offset, value, LITTLE_ENDIAN);
        return self();
    }

    T putLong(final int offset, final long value)
    {
        buffer.putLong(offset, value, LITTLE_ENDIAN);
        return self();
    }

    /** Bytes at offset, the rest of the field (capacity bytes) zeroed as the BPF program leaves it. */
    T putBytes(final int offset, final int capacity, final byte[] bytes)
    {
        buffer.setMemory(offset, capacity, (byte)0);
        buffer.putBytes(offset, bytes);
        return self();
    }

    /** @return a copy of the record so far. */
    UnsafeBuffer build()
    {
        return new UnsafeBuffer(buffer.byteArray().clone());
    }
}
