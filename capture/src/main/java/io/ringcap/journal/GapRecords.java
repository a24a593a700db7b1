package io.ringcap.journal;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.GapLayout;
import io.ringcap.wire.RingRecordFraming;
import org.agrona.MutableDirectBuffer;

/**
 * Gap records written by the capture, for drops no record followed on their CPU (so no BPF program
 * got to report them): byte for byte what {@code rc_report_gap} in maps.bpf.h writes, in the ring's
 * framing, so they go into an EVENTS block like any span and replay cannot tell them apart.
 */
public final class GapRecords
{
    /** Bytes one framed gap record takes: ring header, record, padding. */
    public static final int FRAMED_LENGTH = RingRecordFraming.alignedRecordLength(GapLayout.LENGTH);

    private GapRecords()
    {
    }

    /**
     * Writes one framed gap record.
     *
     * @param buffer    to write into, {@link #FRAMED_LENGTH} bytes from offset.
     * @param offset    of the ring header.
     * @param cpu       the CPU the events were lost on.
     * @param dropped   events lost.
     * @param firstNs   CLOCK_BOOTTIME of the first of them.
     * @param lastNs    CLOCK_BOOTTIME of the last of them.
     * @param writtenNs CLOCK_BOOTTIME now: the header's exit_ns, as the BPF programs set it.
     * @return bytes written, {@link #FRAMED_LENGTH}.
     */
    public static int write(final MutableDirectBuffer buffer, final int offset, final int cpu, final long dropped,
        final long firstNs, final long lastNs, final long writtenNs)
    {
        buffer.setMemory(offset, FRAMED_LENGTH, (byte)0); // ids, comm, retval, pg_off, padding: 0
        buffer.putInt(offset + RingRecordFraming.LENGTH_OFFSET, GapLayout.LENGTH, LITTLE_ENDIAN);
        final int record = offset + RingRecordFraming.HEADER_LENGTH;
        buffer.putShort(record + EventHeaderLayout.EVENT_TYPE_OFFSET, (short)EventType.GAP, LITTLE_ENDIAN);
        buffer.putShort(record + EventHeaderLayout.SIZE_OFFSET, (short)GapLayout.LENGTH, LITTLE_ENDIAN);
        buffer.putShort(record + EventHeaderLayout.CPU_OFFSET, (short)cpu, LITTLE_ENDIAN);
        buffer.putLong(record + EventHeaderLayout.ENTRY_NS_OFFSET, firstNs, LITTLE_ENDIAN);
        buffer.putLong(record + EventHeaderLayout.EXIT_NS_OFFSET, writtenNs, LITTLE_ENDIAN);
        buffer.putLong(record + GapLayout.DROPPED_OFFSET, dropped, LITTLE_ENDIAN);
        buffer.putLong(record + GapLayout.FIRST_NS_OFFSET, firstNs, LITTLE_ENDIAN);
        buffer.putLong(record + GapLayout.LAST_NS_OFFSET, lastNs, LITTLE_ENDIAN);
        return FRAMED_LENGTH;
    }
}
