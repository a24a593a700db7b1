package io.ringcap.wire;

/**
 * One argument of an {@link EventTable} row: Tracee's name and type string, how it is shown
 * ({@link ArgKind}), and the record fields it comes from, as offsets from the record's start (-1
 * where the kind has no such field):
 * <ul>
 *   <li>{@code offset}: the value, or the user pointer for the kinds that read through one;</li>
 *   <li>{@code statusOffset}: the {@link ReadStatus} of what was read through the pointer (for
 *       {@link ArgKind#CREATE_MODE}: the oflag deciding whether the table shows it);</li>
 *   <li>{@code dataOffset}: what was read (the string's bytes, the struct, the timespec);</li>
 *   <li>{@code lengthOffset}: u32 bytes kept in the data;</li>
 *   <li>{@code fullLengthOffset}: a string's whole length, a message's size (u64), or -1 for a
 *       message whose size is the call's return value;</li>
 *   <li>{@code capacity}: the most data bytes the record holds.</li>
 * </ul>
 */
public final class ArgDefinition
{
    private final String name;
    private final String traceeType;
    private final ArgKind kind;
    private final int offset;
    private final int statusOffset;
    private final int dataOffset;
    private final int lengthOffset;
    private final int fullLengthOffset;
    private final int capacity;
    private final boolean inTable;

    ArgDefinition(
        final String name, final String traceeType, final ArgKind kind, final int offset, final int statusOffset,
        final int dataOffset, final int lengthOffset, final int fullLengthOffset, final int capacity,
        final boolean inTable)
    {
        this.name = name;
        this.traceeType = traceeType;
        this.kind = kind;
        this.offset = offset;
        this.statusOffset = statusOffset;
        this.dataOffset = dataOffset;
        this.lengthOffset = lengthOffset;
        this.fullLengthOffset = fullLengthOffset;
        this.capacity = capacity;
        this.inTable = inTable;
    }

    /** @return the name: Tracee's for Tracee's args, the same in every output format. */
    public String name()
    {
        return name;
    }

    /** @return Tracee's type string ("int32", "trace.Pointer", "string", "float64", ...). */
    public String traceeType()
    {
        return traceeType;
    }

    public ArgKind kind()
    {
        return kind;
    }

    public int offset()
    {
        return offset;
    }

    public int statusOffset()
    {
        return statusOffset;
    }

    public int dataOffset()
    {
        return dataOffset;
    }

    public int lengthOffset()
    {
        return lengthOffset;
    }

    public int fullLengthOffset()
    {
        return fullLengthOffset;
    }

    /**
     * @return the most bytes of data a record can hold for this arg (a string's field less its NUL):
     *         the bound a record's length field is clamped to before any byte is read.
     */
    public int capacity()
    {
        return capacity;
    }

    /** @return false for a field the table leaves out (a queue's inode: it is for joining, not reading). */
    public boolean inTable()
    {
        return inTable;
    }

    public String toString()
    {
        return traceeType + " " + name;
    }
}
