package io.ringcap.replay.format;

import io.ringcap.replay.filter.EventSink;
import java.io.Flushable;
import java.io.IOException;

/**
 * Writes the records a walk passes in one output format: a line per event
 * ({@link #onEvent}) or gap ({@link #onGap}), the common {@code rc_header} part written by the
 * formatter and each event's arguments by the one table-driven {@link ArgumentWriter}. What records
 * teach about later ones (which executable a process runs, which registration a delivery fulfils)
 * lives in the walk's one {@link io.ringcap.replay.decode.ReplayContext}, which the
 * {@link io.ringcap.replay.filter.RecordRouter} updates before the filter; a formatter only reads it.
 *
 * <p>Implementations reuse their buffers: writing a record allocates nothing. Output is buffered
 * until {@link #flush()}. {@link #onEvent} and {@link #onGap} report an output failure as an
 * {@link java.io.UncheckedIOException}.
 */
public interface EventFormatter extends EventSink, Flushable
{
    /**
     * Start a walk: write what comes before the first record (a table's header row), if anything.
     *
     * @throws IOException when the output fails.
     */
    void begin() throws IOException;

    /**
     * Write buffered output through to the underlying stream, which stays open.
     *
     * @throws IOException when the output fails.
     */
    void flush() throws IOException;
}
