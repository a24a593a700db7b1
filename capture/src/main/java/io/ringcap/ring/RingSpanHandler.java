package io.ringcap.ring;

import org.agrona.DirectBuffer;

/**
 * Receives committed ring records as one contiguous span, still in the kernel's framing.
 * The span is valid only during the call: the reader releases the space when it returns.
 */
@FunctionalInterface
public interface RingSpanHandler
{
    /**
     * @param ring    the ring's data area (mapped twice in a row, so a span never wraps).
     * @param offset  where the span starts in {@code ring}.
     * @param length  bytes in the span, a multiple of 8, framing and padding included.
     * @param records records in the span that were not DISCARDed.
     */
    void onSpan(DirectBuffer ring, int offset, int length, int records);
}
