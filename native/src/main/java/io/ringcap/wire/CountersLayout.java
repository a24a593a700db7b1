package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_cpu_counters} (native/src/bpf/ringcap_event.h): the value of the
 * per-CPU {@code rc_counters} array map, one slot per CPU at {@link #KEY}. The ring has no loss
 * counter of its own; these are it, with the drops no gap record has reported yet.
 *
 * <pre>
 *   0  u64 submitted       event records committed to the ring (gap records not included)
 *   8  u64 dropped         events lost: the ring was full
 *  16  u64 unreported      of those, how many no gap record has reported yet
 *  24  u64 first_drop_ns   CLOCK_BOOTTIME of the first unreported drop
 *  32  u64 last_drop_ns    CLOCK_BOOTTIME of the latest unreported drop
 *  40  u64 gap_records     gap records committed to the ring
 *  48
 * </pre>
 */
public final class CountersLayout
{
    /** The map's one key. */
    public static final int KEY = 0;
    public static final int SUBMITTED_OFFSET = 0;
    public static final int DROPPED_OFFSET = 8;
    public static final int UNREPORTED_OFFSET = 16;
    public static final int FIRST_DROP_NS_OFFSET = 24;
    public static final int LAST_DROP_NS_OFFSET = 32;
    public static final int GAP_RECORDS_OFFSET = 40;
    public static final int LENGTH = 48;

    private CountersLayout()
    {
    }
}
