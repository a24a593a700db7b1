package io.ringcap.capture;

import java.nio.file.Path;

/**
 * How a capture ended.
 *
 * @param eventsJournaled records written to the journal.
 * @param eventsSubmitted records the BPF programs committed to the ring.
 * @param eventsDropped   events lost to a full ring.
 * @param journal         the journal directory.
 * @param attachMethod    the attach method used.
 * @param commandExitCode the traced command's exit code, or 0 when tracing the host.
 * @param elapsedNanos    wall time from attach to the end of the drain.
 */
public record CaptureResult(
    long eventsJournaled,
    long eventsSubmitted,
    long eventsDropped,
    Path journal,
    String attachMethod,
    int commandExitCode,
    long elapsedNanos)
{
    /** @return the summary line printed at stop. */
    public String summaryLine()
    {
        return String.format("ringcap: %d events journaled, %d dropped, journal %s (attach %s, %.3f s)",
            eventsJournaled, eventsDropped, journal, attachMethod, elapsedNanos / 1e9);
    }
}
