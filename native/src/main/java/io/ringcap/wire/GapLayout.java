package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_gap} (native/src/bpf/ringcap_event.h): events lost on one CPU
 * because the ring was full, 120 bytes. The BPF programs write one on that CPU ahead of the first
 * record that fits again, so it sits in the journal where the events went missing; the capture
 * writes one per CPU at stop for drops nothing followed. The header names no task: ids 0, comm
 * empty, retval 0; {@code hdr.cpu} is the CPU, {@code hdr.entry_ns} the first drop and
 * {@code hdr.exit_ns} when the gap record was written.
 *
 * <pre>
 *    0  struct rc_header hdr    96 bytes
 *   96  u64 dropped             events lost
 *  104  u64 first_ns            CLOCK_BOOTTIME of the first of them
 *  112  u64 last_ns             CLOCK_BOOTTIME of the last of them
 *  120
 * </pre>
 */
public final class GapLayout
{
    public static final int DROPPED_OFFSET = 96;
    public static final int FIRST_NS_OFFSET = 104;
    public static final int LAST_NS_OFFSET = 112;
    public static final int LENGTH = 120;

    private GapLayout()
    {
    }
}
