package io.ringcap.journal;

/**
 * What a replay needs to know about the capture that wrote a journal; written once, first.
 *
 * @param hostName      the host's name.
 * @param kernelRelease uname -r.
 * @param bootToWallNs  add to a record's CLOCK_BOOTTIME timestamp to get nanoseconds since the epoch.
 * @param attachMethod  how the programs were attached: tracepoint, kprobe or fentry.
 * @param ringSize      BPF ring buffer size in bytes.
 * @param capturePid    the capture process.
 * @param target        the traced command line, or "host".
 */
public record JournalMetadata(
    String hostName,
    String kernelRelease,
    long bootToWallNs,
    String attachMethod,
    long ringSize,
    int capturePid,
    String target)
{
}
