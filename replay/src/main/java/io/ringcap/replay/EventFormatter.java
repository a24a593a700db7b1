package io.ringcap.replay;

import java.io.Flushable;
import java.io.IOException;

/**
 * Renders records in one output format. An implementation decodes the common {@code rc_header}
 * itself and dispatches on its event type for the arguments, so a new event type is a new case in
 * each formatter. Records reach it already checked by {@link JournalReader}.
 *
 * <p>Implementations reuse their buffers: rendering a record allocates nothing. Output is buffered
 * until {@link #flush()}. {@link #onRecord} reports an output failure as an
 * {@link java.io.UncheckedIOException}.
 */
public interface EventFormatter extends RecordHandler, Flushable
{
    /**
     * Write what comes before the first record (a table's header row), if anything.
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
