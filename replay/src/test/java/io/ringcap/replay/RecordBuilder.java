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
public abstract class RecordBuilder<T extends RecordBuilder<T>>
{
    public static final long ENTRY_NS = 5_000_000_000L;
    public static final long EXIT_NS = 5_000_012_345L;
    public static final int HOST_PID = 4242;
    public static final int HOST_TID = 4243;
    public static final int HOST_PPID = 4200;
    public static final int PID = 42;
    public static final int TID = 43;
    public static final int PPID = 1;
    public static final long CGROUP_ID = 4711;
    public static final long MNT_NS = 4_026_532_841L;
    public static final long PID_NS = 4_026_532_836L;

    public final UnsafeBuffer buffer;

    public RecordBuilder(final int eventType, final int length)
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
    public final T self()
    {
        return (T)this;
    }

    public T eventType(final int eventType)
    {
        return putShort(EventHeaderLayout.EVENT_TYPE_OFFSET, eventType);
    }

    public T size(final int size)
    {
        return putShort(EventHeaderLayout.SIZE_OFFSET, size);
    }

    public T cpu(final int cpu)
    {
        return putShort(EventHeaderLayout.CPU_OFFSET, cpu);
    }

    public T flags(final int flags)
    {
        return putShort(EventHeaderLayout.FLAGS_OFFSET, flags);
    }

    public T entryNs(final long entryNs)
    {
        return putLong(EventHeaderLayout.ENTRY_NS_OFFSET, entryNs);
    }

    public T exitNs(final long exitNs)
    {
        return putLong(EventHeaderLayout.EXIT_NS_OFFSET, exitNs);
    }

    public T retval(final long retval)
    {
        return putLong(EventHeaderLayout.RETVAL_OFFSET, retval);
    }

    public T hostPid(final int hostPid)
    {
        return putInt(EventHeaderLayout.HOST_PID_OFFSET, hostPid);
    }

    public T hostTid(final int hostTid)
    {
        return putInt(EventHeaderLayout.HOST_TID_OFFSET, hostTid);
    }

    public T hostPpid(final int hostPpid)
    {
        return putInt(EventHeaderLayout.HOST_PPID_OFFSET, hostPpid);
    }

    public T pid(final int pid)
    {
        return putInt(EventHeaderLayout.PID_OFFSET, pid);
    }

    public T tid(final int tid)
    {
        return putInt(EventHeaderLayout.TID_OFFSET, tid);
    }

    public T ppid(final int ppid)
    {
        return putInt(EventHeaderLayout.PPID_OFFSET, ppid);
    }

    public T uid(final int uid)
    {
        return putInt(EventHeaderLayout.UID_OFFSET, uid);
    }

    public T gid(final int gid)
    {
        return putInt(EventHeaderLayout.GID_OFFSET, gid);
    }

    public T cgroupId(final long cgroupId)
    {
        return putLong(EventHeaderLayout.CGROUP_ID_OFFSET, cgroupId);
    }

    public T mntNs(final int mntNs)
    {
        return putInt(EventHeaderLayout.MNT_NS_OFFSET, mntNs);
    }

    public T pidNs(final int pidNs)
    {
        return putInt(EventHeaderLayout.PID_NS_OFFSET, pidNs);
    }

    public T comm(final String comm)
    {
        return comm(comm.getBytes(StandardCharsets.UTF_8));
    }

    /** Raw comm bytes, NUL-padded like bpf_get_current_comm (no NUL when 16 bytes are given). */
    public T comm(final byte[] comm)
    {
        buffer.setMemory(EventHeaderLayout.COMM_OFFSET, EventHeaderLayout.COMM_LENGTH, (byte)0);
        buffer.putBytes(EventHeaderLayout.COMM_OFFSET, comm);
        return self();
    }

    public T putShort(final int offset, final int value)
    {
        buffer.putShort(offset, (short)value, LITTLE_ENDIAN);
        return self();
    }

    public T putInt(final int offset, final int value)
    {
        buffer.putInt(offset, value, LITTLE_ENDIAN);
        return self();
    }

    public T putLong(final int offset, final long value)
    {
        buffer.putLong(offset, value, LITTLE_ENDIAN);
        return self();
    }

    /** Bytes at offset, the rest of the field (capacity bytes) zeroed as the BPF program leaves it. */
    public T putBytes(final int offset, final int capacity, final byte[] bytes)
    {
        buffer.setMemory(offset, capacity, (byte)0);
        buffer.putBytes(offset, bytes);
        return self();
    }

    /** @return a copy of the record so far. */
    public UnsafeBuffer build()
    {
        return new UnsafeBuffer(buffer.byteArray().clone());
    }
}
