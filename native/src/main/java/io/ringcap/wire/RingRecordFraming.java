package io.ringcap.wire;

/**
 * The kernel's framing of a BPF ring buffer record (kernel/bpf/ringbuf.c), which the journal keeps
 * verbatim so replay walks records exactly as the reader did.
 *
 * <pre>
 *  +--------------------------------+--------------------------------+
 *  | u32 len: bit 31 BUSY,          | u32 pg_off (kernel use)        |
 *  |     bit 30 DISCARD, rest bytes |                                |
 *  +--------------------------------+--------------------------------+
 *  | payload: len bytes, then padding to the next 8-byte boundary    |
 *  +-----------------------------------------------------------------+
 * </pre>
 */
public final class RingRecordFraming
{
    public static final int HEADER_LENGTH = 8;
    public static final int LENGTH_OFFSET = 0;
    public static final int BUSY_BIT = 1 << 31;
    public static final int DISCARD_BIT = 1 << 30;
    public static final int ALIGNMENT = 8;

    private RingRecordFraming()
    {
    }

    /**
     * @param lengthField the header's len word, flags included.
     * @return the payload length with the flag bits cleared.
     */
    public static int payloadLength(final int lengthField)
    {
        return lengthField & ~(BUSY_BIT | DISCARD_BIT);
    }

    /**
     * @param payloadLength payload bytes.
     * @return bytes the record occupies in the ring, header and padding included.
     */
    public static int alignedRecordLength(final int payloadLength)
    {
        return (payloadLength + HEADER_LENGTH + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
