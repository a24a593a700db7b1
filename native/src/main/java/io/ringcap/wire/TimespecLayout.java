package io.ringcap.wire;

/**
 * Offsets inside {@code struct rc_timespec} (native/src/bpf/ringcap_event.h): the x86_64
 * {@code struct __kernel_timespec} an abs_timeout points to, 16 bytes.
 *
 * <pre>
 *   0  s64 sec
 *   8  s64 nsec
 *  16
 * </pre>
 */
public final class TimespecLayout
{
    public static final int SEC = 0;
    public static final int NSEC = 8;
    public static final int LENGTH = 16;

    private TimespecLayout()
    {
    }
}
