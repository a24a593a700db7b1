package io.ringcap.replay.journal;

import org.agrona.DirectBuffer;

/**
 * Receives each journaled record: one {@code rc_*} struct of ringcap_event.h, ring framing removed.
 * The buffer is a flyweight over the journal's memory and is only valid during the call; copy out
 * what must outlive it.
 */
@FunctionalInterface
public interface RecordHandler
{
    /**
     * @param buffer holding the record.
     * @param offset of the record's first byte (its {@code rc_header}) in buffer.
     * @param length of the record in bytes, equal to its {@code rc_header.size}.
     */
    void onRecord(DirectBuffer buffer, int offset, int length);
}
