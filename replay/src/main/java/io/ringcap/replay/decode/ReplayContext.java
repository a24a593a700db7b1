package io.ringcap.replay.decode;

import io.ringcap.replay.journal.JournalTables;
import io.ringcap.wire.EventType;
import io.ringcap.wire.JournalMetadata;
import io.ringcap.wire.MqNotifyDeliveredRecord;
import io.ringcap.wire.MqNotifyRecord;
import io.ringcap.wire.ProcessExecLayout;
import io.ringcap.wire.ProcessExecRecord;
import io.ringcap.wire.ReadStatus;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What a formatter knows beyond the record in hand: the journal's metadata and tables, and what the
 * records replayed so far taught, as a reader of the live system would have known it at the time:
 * <ul>
 *   <li>each process's executable: the latest process_exec of that host pid so far, else the
 *       PROCESSES table (processes running before the capture), else unknown;</li>
 *   <li>each process's pending notification registrations: a successful mq_notify with a sigevent,
 *       by host pid and queue inode, so that an mq_notify_delivered names the registration it
 *       fulfils. A registration is one-shot, as in the kernel (ipc/mqueue.c drops the owner once it
 *       notifies): a delivery consumes it, and a successful mq_notify(mqdes, NULL) removes it.</li>
 * </ul>
 *
 * One per walk, shared by its filter and its formatter: the walk's
 * {@link io.ringcap.replay.filter.RecordRouter} calls {@link #onRecord(EventHeaderDecoder)} for each
 * record, before the filter, so that a record the filters leave out still teaches what it teaches;
 * {@link #reset()} starts a walk over. Nothing is allocated per record: executables live in per-pid buffers that are
 * reused across execs and walks, and registrations in a primitive map.
 */
public final class ReplayContext
{
    /** {@link #deliveryRegistrationNs()} when the delivery matches no registration seen. */
    public static final long NO_REGISTRATION = Long.MIN_VALUE;

    /**
     * Registration keys pack the queue inode above the pid. mqueue inodes come from get_next_ino(),
     * an unsigned int, and only a queue can be registered on or notify, so they fit; a wider inode
     * (never from the kernel) is not linked rather than mis-linked.
     */
    private static final long MAX_LINKABLE_INODE = 0xFFFF_FFFFL;
    /** The most filename bytes an exec record holds: its field less the NUL. */
    private static final int FILENAME_MAX_LENGTH = ProcessExecLayout.FILENAME_CAPACITY - 1;

    private JournalMetadata metadata; // the segment being read
    private final JournalTables tables;
    private final Int2ObjectHashMap<ExecutedPath> executed = new Int2ObjectHashMap<>();
    private final Long2LongHashMap registrations = new Long2LongHashMap(NO_REGISTRATION);
    private final ProcessExecRecord exec = new ProcessExecRecord();
    private final MqNotifyRecord notify = new MqNotifyRecord();
    private final MqNotifyDeliveredRecord delivered = new MqNotifyDeliveredRecord();
    /** Bumped by reset(): an ExecutedPath from an earlier walk is stale without clearing the map. */
    private int walk;
    /** Bumped by every exec and every reset(): what a process's executable is may have changed. */
    private long executablesVersion;
    private long deliveryRegistrationNs = NO_REGISTRATION;

    public ReplayContext(final JournalMetadata metadata, final JournalTables tables)
    {
        this.metadata = metadata;
        this.tables = tables;
    }

    public JournalMetadata metadata()
    {
        return metadata;
    }

    /** Records from here on belong to a segment with this METADATA. */
    public void metadata(final JournalMetadata metadata)
    {
        this.metadata = metadata;
    }

    public JournalTables tables()
    {
        return tables;
    }

    /** @return the instant in nanoseconds since the epoch of a record's CLOCK_BOOTTIME timestamp. */
    public long toEpochNs(final long bootNs)
    {
        return metadata.toEpochNs(bootNs);
    }

    /** Forget what earlier records taught: the next record is the first of a walk. */
    public void reset()
    {
        walk++;
        executablesVersion++;
        registrations.clear();
        deliveryRegistrationNs = NO_REGISTRATION;
    }

    /**
     * Learn from a record, before it is rendered: an exec names the executable its own event shows.
     *
     * @param header wrapped over the record.
     */
    public void onRecord(final EventHeaderDecoder header)
    {
        final DirectBuffer buffer = header.buffer();
        final int offset = header.offset();
        switch (header.eventType())
        {
            case EventType.PROCESS_EXEC:
                onExec(header.hostPid(), exec.wrap(buffer, offset));
                break;

            case EventType.MQ_NOTIFY:
                if (header.retval() == 0)
                {
                    notify.wrap(buffer, offset);
                    final long key = registrationKey(header.hostPid(), notify.mqInode());
                    if (key != 0)
                    {
                        if (notify.sevp() != 0 && header.entryNs() != NO_REGISTRATION)
                        {
                            registrations.put(key, header.entryNs());
                        }
                        else
                        {
                            registrations.remove(key);
                        }
                    }
                }
                break;

            case EventType.MQ_NOTIFY_DELIVERED:
                delivered.wrap(buffer, offset);
                final long key = registrationKey((int)delivered.targetPid(), delivered.mqInode());
                deliveryRegistrationNs = key == 0 ? NO_REGISTRATION : registrations.remove(key);
                break;

            default:
                break;
        }
    }

    /**
     * @return entry time (CLOCK_BOOTTIME) of the registration the mq_notify_delivered record last
     *         passed to {@link #onRecord} fulfils, or {@link #NO_REGISTRATION}.
     */
    public long deliveryRegistrationNs()
    {
        return deliveryRegistrationNs;
    }

    /**
     * Append the executable of a process as known at this point of the replay.
     *
     * @param hostPid a host tgid.
     * @param builder to append to.
     * @return builder, with nothing appended when the executable is unknown.
     */
    StringBuilder appendExecutable(final int hostPid, final StringBuilder builder)
    {
        final ExecutedPath path = executed.get(hostPid);
        if (path != null && path.walk == walk)
        {
            return Utf8Text.append(path.bytes, 0, path.length, builder);
        }
        final String atStart = tables.executable(hostPid);
        return atStart == null ? builder : builder.append(atStart);
    }

    /**
     * @param hostPid a host tgid.
     * @return the path of the process's latest exec in this walk, as the record's bytes, or null when
     *         none was seen: then the PROCESSES table knows it, if anything does.
     */
    public ExecutedPath executed(final int hostPid)
    {
        final ExecutedPath path = executed.get(hostPid);
        return path != null && path.walk == walk ? path : null;
    }

    /**
     * @return a number that changes whenever a process's executable as known here may have: output
     *         rendered from the executables is still good while it stays the same.
     */
    public long executablesVersion()
    {
        return executablesVersion;
    }

    /** @return the container id of a cgroup, "" when none or unknown. */
    public String containerId(final long cgroupId)
    {
        return tables.containerId(cgroupId);
    }

    private void onExec(final int hostPid, final ProcessExecRecord exec)
    {
        ExecutedPath path = executed.get(hostPid);
        if (path == null)
        {
            path = new ExecutedPath(); // once per pid, reused by its later execs and by later walks
            executed.put(hostPid, path);
        }
        path.walk = walk;
        executablesVersion++;
        // An exec whose filename could not be read still replaced the old executable: unknown, not stale.
        // So does one whose filename was cut (TRUNCATED): its first bytes name no file that was exec'd.
        // The length is the record's word: never more than the field holds, so a corrupt one cannot
        // reach into the next record.
        int length = 0;
        if (exec.filenameStatus() == ReadStatus.OK)
        {
            // A u32 on the wire; one past 2^31 reads negative here and names nothing, as ArgumentWriter's strings.
            length = Math.max(0, Math.min((int)exec.filenameLength(), FILENAME_MAX_LENGTH));
            exec.getFilename(path.bytes, 0, length);
        }
        path.length = length;
    }

    /** @return pid and inode packed, or 0 when they cannot be linked. */
    private static long registrationKey(final int hostPid, final long mqInode)
    {
        if (mqInode == 0 || mqInode > MAX_LINKABLE_INODE || mqInode < 0)
        {
            return 0;
        }
        return (mqInode << Integer.SIZE) | (hostPid & 0xFFFF_FFFFL);
    }

    /** The executable a process exec'd, as the record's bytes. */
    public static final class ExecutedPath
    {
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[ProcessExecLayout.FILENAME_CAPACITY]);
        int length;
        int walk;

        /** @return the path's bytes, from index 0; valid until the process's next exec. */
        public DirectBuffer bytes()
        {
            return bytes;
        }

        /** @return bytes of the path; 0 when the exec's filename could not be read. */
        public int length()
        {
            return length;
        }
    }
}
