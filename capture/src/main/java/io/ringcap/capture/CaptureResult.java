package io.ringcap.capture;

import java.nio.file.Path;
import org.HdrHistogram.Histogram;

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
 * @param drainNanos      time the final drain took (after the hooks were detached).
 * @param latency         BPF-to-journal latency per event, when asked for; else null.
 * @param gcCount         garbage collections in this JVM from the start of the drain to its end: the
 *                        drain allocates nothing per event, so at any load this should stay 0.
 * @param stoppedAtLimit  -n: the limit the capture stopped at (exactly that many events journaled), or 0.
 */
public record CaptureResult(
    long eventsJournaled,
    long eventsSubmitted,
    long eventsDropped,
    Path journal,
    String attachMethod,
    int commandExitCode,
    long elapsedNanos,
    long drainNanos,
    Histogram latency,
    long gcCount,
    long stoppedAtLimit)
{
    /** @return the summary line printed at stop. */
    public String summaryLine()
    {
        return String.format("ringcap: %d events journaled, %d dropped, journal %s (attach %s, %.3f s%s)",
            eventsJournaled, eventsDropped, journal, attachMethod, elapsedNanos / 1e9,
            stoppedAtLimit > 0 ? ", stopped at -n " + stoppedAtLimit : "");
    }

    /** @return the latency line printed at stop when latency was recorded. */
    public String latencyLine()
    {
        return String.format("ringcap: BPF-to-journal latency p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us (%d events, %d GCs)",
            latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3,
            latency.getValueAtPercentile(99.9) / 1e3, latency.getMaxValue() / 1e3, latency.getTotalCount(), gcCount);
    }
}
