package io.ringcap.replay.journal;

import io.ringcap.wire.JournalMetadata;

/**
 * Told when a walk of the journal enters a segment, before the segment's first record: records
 * that follow are to be read with this METADATA (its boot-to-wall clock offset, its host).
 */
@FunctionalInterface
public interface SegmentListener
{
    /**
     * @param segment  1, 2, ... in journal order.
     * @param metadata the segment's METADATA.
     */
    void onSegment(int segment, JournalMetadata metadata);
}
