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
    /** The read failed: contents unknown, never to be shown as zeros or as empty. */
    public static final int FAULT = 2;
    /** Not read on purpose: capture of it was off, or the call failed before it was written. */
    public static final int SKIPPED = 3;

    private ReadStatus()
    {
    }
}
