package io.ringcap.ring;

/**
 * A ring record header that cannot be true: following it would read outside what the producer
 * published. Everything before it has been delivered; nothing after it can be framed.
 */
public final class RingBufferCorruptionException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final long position;
    private final int lengthField;

    public RingBufferCorruptionException(final long position, final int lengthField, final String why)
    {
        super("corrupt ring record at position " + position + ": length word 0x" +
            Integer.toHexString(lengthField) + " " + why);
        this.position = position;
        this.lengthField = lengthField;
    }

    public long position()
    {
        return position;
    }

    public int lengthField()
    {
        return lengthField;
    }
}
