package io.ringcap.replay.format;

import io.ringcap.replay.journal.RecordHandler;
import io.ringcap.wire.JournalMetadata;
import java.io.Flushable;
import java.io.IOException;
import org.agrona.DirectBuffer;

/**
 * Renders records in one output format. An implementation writes the common {@code rc_header}
 * context itself and hands each record's arguments to the {@link EventRenderer} of its event type,
 * so a new event type is one new renderer, not a case in each formatter. Records reach it already
 * checked by {@link JournalReader}. A formatter keeps what records teach about later ones (which
 * executable a process runs, which notification registration a delivery fulfils), so records must
 * reach it in journal order, from the first.
 *
 * <p>Implementations reuse their buffers: rendering a record allocates nothing. Output is buffered
 * until {@link #flush()}. {@link #onRecord} reports an output failure as an
 * {@link java.io.UncheckedIOException}.
 */
public interface EventFormatter extends RecordHandler, Flushable
{
    /**
     * Start a walk: write what comes before the first record (a table's header row), if anything,
     * and forget what records of an earlier walk taught.
     *
     * @throws IOException when the output fails.
     */
    void begin() throws IOException;

    /**
     * Take in a record that is not to be written (the replay's filters leave it out): learn from it
     * what later records need (an exec's executable, a notification registration), write nothing.
     *
     * @param buffer holding the record.
     * @param offset of its rc_header.
     * @param length of the record in bytes.
     */
    void skip(DirectBuffer buffer, int offset, int length);

    /**
     * Records from here on belong to a segment with this METADATA (another capture appended to the
     * journal): its boot-to-wall clock offset and host apply to them.
     *
     * @param metadata the segment's METADATA.
     */
    void onSegment(JournalMetadata metadata);

    /**
     * Write buffered output through to the underlying stream, which stays open.
     *
     * @throws IOException when the output fails.
     */
    void flush() throws IOException;
}
