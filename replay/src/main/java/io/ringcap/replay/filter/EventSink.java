package io.ringcap.replay.filter;

import org.agrona.DirectBuffer;

/**
 * Where the records a {@link RecordRouter} lets through go, split by kind: a syscall or kernel
 * event, or a gap (events the ring dropped, {@code rc_gap}). The kind is decided once, by the
 * router, so no receiver tests for a gap itself.
 *
 * <p>The buffer is a flyweight over the journal's memory, valid only during the call. Both calls
 * come after the walk's {@link io.ringcap.replay.decode.ReplayContext} has taken in the record.
 */
public interface EventSink
{
    /**
     * @param buffer holding the record.
     * @param offset of its {@code rc_header}.
     * @param length of the record in bytes.
     */
    void onEvent(DirectBuffer buffer, int offset, int length);

    /**
     * @param buffer holding the {@code rc_gap} record.
     * @param offset of its {@code rc_header}.
     * @param length of the record in bytes.
     */
    void onGap(DirectBuffer buffer, int offset, int length);
}
