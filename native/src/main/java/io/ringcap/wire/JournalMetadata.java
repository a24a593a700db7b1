package io.ringcap.wire;

/**
 * The METADATA block that opens every journal (see {@link JournalFormat}).
 *
 * @param formatVersion {@link JournalFormat#FORMAT_VERSION} of the writer.
 * @param hostName      host the capture ran on.
 * @param kernelRelease {@code uname -r} of that host.
 * @param bootToWallNs  add to a record's CLOCK_BOOTTIME timestamp to get nanoseconds since the epoch.
 * @param attachMethod  how the BPF programs were attached: tracepoint, kprobe, fentry.
 * @param ringSize      bytes in the BPF ring buffer.
 * @param capturePid    pid of the capture process.
 * @param target        the command traced, or "host".
 */
public record JournalMetadata(
    int formatVersion,
    String hostName,
    String kernelRelease,
    long bootToWallNs,
    String attachMethod,
    long ringSize,
    int capturePid,
    String target)
{
    /**
     * @param bootNs a CLOCK_BOOTTIME timestamp from a record.
     * @return the same instant in nanoseconds since the epoch.
     */
    public long toEpochNs(final long bootNs)
    {
        return bootNs + bootToWallNs;
    }
}
