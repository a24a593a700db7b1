package io.ringcap.replay.format;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.EventHeaderLayout;
import java.util.Arrays;
import org.agrona.DirectBuffer;

/**
 * The part of a line that depends only on who made the record, kept as the bytes a formatter wrote
 * for it: the PID to COMM cells of a table row, processId to processName of a CSV line, processId to
 * containerId of a JSON line. Those depend on rc_header bytes {@value #KEY_OFFSET} to its end (host
 * and namespace ids, cgroup, comm), on the journal's tables, and, for JSON, on the executables known
 * (a version the caller passes). Most records come from a few threads, so a part is written once per
 * thread and copied while its key stays the same. Slots by host tid; a slot's key is the header bytes
 * it was written from. Allocates only when a slot first holds a part, or a longer one.
 */
final class ProcessPartCache
{
    /** The first rc_header byte a process part depends on: host pid, then the rest of the header. */
    static final int KEY_OFFSET = EventHeaderLayout.HOST_PID_OFFSET;
    private static final int KEY_LONGS = (EventHeaderLayout.LENGTH - KEY_OFFSET) / Long.BYTES;
    private static final int SLOTS = 256;
    private static final long NEVER = Long.MIN_VALUE;

    private final long[] keys = new long[SLOTS * KEY_LONGS];
    private final long[] versions = new long[SLOTS];
    private final byte[][] parts = new byte[SLOTS][];
    private final int[] lengths = new int[SLOTS];

    ProcessPartCache()
    {
        clear();
    }

    /** Forget every part: the segment (and its host name, or its tables) changed. */
    void clear()
    {
        Arrays.fill(versions, NEVER);
    }

    /**
     * @param hostTid the record's host tid: its slot.
     * @param version what else the part depends on (0 when nothing else does).
     * @return the slot holding the part written from this record's key and version, or -1.
     */
    int find(final DirectBuffer buffer, final int offset, final int hostTid, final long version)
    {
        final int slot = hostTid & (SLOTS - 1);
        if (versions[slot] != version)
        {
            return -1;
        }
        final int keyAt = slot * KEY_LONGS;
        for (int i = 0; i < KEY_LONGS; i++)
        {
            if (keys[keyAt + i] != buffer.getLong(offset + KEY_OFFSET + i * Long.BYTES, LITTLE_ENDIAN))
            {
                return -1;
            }
        }
        return slot;
    }

    byte[] part(final int slot)
    {
        return parts[slot];
    }

    int length(final int slot)
    {
        return lengths[slot];
    }

    /** @return the array a part for this record's slot may be copied into: pass it to {@link #put}. */
    byte[] spare(final int hostTid)
    {
        return parts[hostTid & (SLOTS - 1)];
    }

    /** Keep a part just written for this record: part holds its first length bytes. */
    void put(final DirectBuffer buffer, final int offset, final int hostTid, final long version, final byte[] part,
        final int length)
    {
        final int slot = hostTid & (SLOTS - 1);
        final int keyAt = slot * KEY_LONGS;
        for (int i = 0; i < KEY_LONGS; i++)
        {
            keys[keyAt + i] = buffer.getLong(offset + KEY_OFFSET + i * Long.BYTES, LITTLE_ENDIAN);
        }
        parts[slot] = part;
        lengths[slot] = length;
        versions[slot] = version;
    }
}
