/**
 * Step 1 of replay: reading a journal. Opens a capture's Chronicle Queue directory read-only
 * (never locking the cycle files the writer grows), checks each excerpt's checksum and bounds,
 * walks its records in order and hands each to a {@link io.ringcap.replay.journal.RecordHandler};
 * damage, gaps and segment boundaries are reported here, before any record is decoded.
 */
package io.ringcap.replay.journal;
