package io.ringcap.wire;

/**
 * {@code enum rc_counter}: indices into the per-CPU {@code rc_counters} array map.
 */
public final class Counters
{
    /** Records committed to the ring. */
    public static final int SUBMITTED = 0;
    /** bpf_ringbuf_reserve failed because the ring was full: the event is lost. */
    public static final int DROPPED = 1;
    public static final int COUNT = 2;

    private Counters()
    {
    }
}
