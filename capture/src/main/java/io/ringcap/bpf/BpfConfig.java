package io.ringcap.bpf;

import io.ringcap.wire.ConfigLayout;
import io.ringcap.wire.EventType;

/**
 * What the loader writes into {@code rc_config} before load: the in-kernel filters and how records
 * are submitted. Filters that are off cost nothing: the verifier prunes them.
 *
 * @param filterRootTgid 0, or trace only processes forked below this one (the `-- CMD` tree).
 * @param filterPid      0, or only this tgid.
 * @param filterUid      {@link ConfigLayout#ANY_UID}, or only this uid.
 * @param filterCgroupId 0, or only this cgroup v2 id.
 * @param filterComm     null, or only tasks with this comm (at most 15 bytes).
 * @param eventMask      bit (1 << event type) per wanted event.
 * @param payloadBytes   message bytes mq_timedsend/mq_timedreceive records keep, 0..256.
 * @param wakeups        true when the reader sleeps in epoll and needs notifications; a spinning
 *                       reader does not, and no-wakeup submits make the traced workload faster.
 * @param minDurationNs  0, or only syscalls that took at least this long (decided at exit, before
 *                       ring space is reserved).
 * @param failedOnly     only syscalls that returned an error (decided at exit likewise).
 */
public record BpfConfig(
    int filterRootTgid,
    int filterPid,
    int filterUid,
    long filterCgroupId,
    String filterComm,
    long eventMask,
    int payloadBytes,
    boolean wakeups,
    long minDurationNs,
    boolean failedOnly)
{
    /** Every event type. */
    public static final long ALL_EVENTS = ((1L << EventType.MAX) - 1) & ~1L;

    /** No exit-time filters. */
    public BpfConfig(
        final int filterRootTgid, final int filterPid, final int filterUid, final long filterCgroupId,
        final String filterComm, final long eventMask, final int payloadBytes, final boolean wakeups)
    {
        this(filterRootTgid, filterPid, filterUid, filterCgroupId, filterComm, eventMask, payloadBytes, wakeups, 0, false);
    }

    public BpfConfig
    {
        if (minDurationNs < 0)
        {
            throw new IllegalArgumentException("--min-duration must not be negative: " + minDurationNs + " ns");
        }
        if (payloadBytes < 0 || payloadBytes > ConfigLayout.PAYLOAD_MAX)
        {
            throw new IllegalArgumentException("--payload-bytes must be 0.." + ConfigLayout.PAYLOAD_MAX + ": " + payloadBytes);
        }
        if (null != filterComm && (filterComm.isEmpty() || filterComm.length() >= ConfigLayout.FILTER_COMM_LENGTH))
        {
            throw new IllegalArgumentException("--comm must be 1 to 15 characters, as the kernel keeps it: " + filterComm);
        }
    }

    /** Trace everything, as a spinning reader. */
    public static BpfConfig everything()
    {
        return new BpfConfig(0, 0, ConfigLayout.ANY_UID, 0, null, ALL_EVENTS, 0, false);
    }

    public BpfConfig withRootTgid(final int rootTgid)
    {
        return new BpfConfig(rootTgid, filterPid, filterUid, filterCgroupId, filterComm, eventMask, payloadBytes, wakeups,
            minDurationNs, failedOnly);
    }
}
