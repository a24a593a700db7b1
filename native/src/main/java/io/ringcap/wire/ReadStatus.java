package io.ringcap.wire;

/**
 * {@code enum rc_read_status}: how the user memory behind a pointer argument was read.
 */
public final class ReadStatus
{
    /** The pointer was NULL: nothing to read. */
    public static final int NULL = 0;
    /** Read whole. */
    public static final int OK = 1;
    /** bpf_probe_read_user failed: contents unknown, never to be shown as zeros. */
    public static final int FAULT = 2;

    private ReadStatus()
    {
    }
}
