package io.ringcap.wire;

/**
 * {@code enum rc_read_status}: how the user memory behind a pointer argument was read.
 *
 * <p>A string field (a queue name, an exec path) has three: its status, its length (the bytes the
 * field holds, without their NUL) and its full length (the string's, without its NUL). {@link #OK}:
 * the field holds the whole string, full length == length (a 255-byte name is whole).
 * {@link #TRUNCATED}: the field holds the first length bytes (255) of a longer string; the full
 * length is exact below {@link #STRING_LENGTH_MAX}, equal to it for "at least that long", and 0
 * when the bytes past those kept could not be read. NULL and FAULT: both lengths 0.
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
    /** A string longer than its field: its first bytes kept, its full length beside them. */
    public static final int TRUNCATED = 4;

    /**
     * RC_STR_LEN_MAX, PATH_MAX: a string's full length this large means "at least this long" (the
     * kernel's getname refuses such a string with ENAMETOOLONG without reading on); below it the
     * full length is exact.
     */
    public static final int STRING_LENGTH_MAX = 4096;
    /** A truncated string's full length when the bytes past those kept could not be read. */
    public static final int STRING_LENGTH_UNKNOWN = 0;

    private ReadStatus()
    {
    }
}
