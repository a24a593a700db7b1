package io.ringcap.capture;

import io.ringcap.bpf.AttachMethod;
import io.ringcap.bpf.BpfConfig;
import io.ringcap.journal.JournalRetention;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/**
 * What one capture does.
 *
 * @param journal          the journal directory: new, empty, or a ringcap journal to append a segment to.
 * @param command          the command to run and trace with its descendants; empty to trace the host.
 * @param duration         stop after this long; null to run until the command exits or a signal.
 * @param ringSize         BPF ring buffer bytes.
 * @param attachCandidates attach methods to try, best first.
 * @param bpfConfig        in-kernel filters and payload capture (the process-tree root is set by the session).
 * @param idle             how the reader waits when the ring is empty.
 * @param holdReader       benchmarks: start draining only once the command has exited (a full ring, timed).
 * @param recordLatency    measure each event's BPF-to-journal latency into a histogram.
 * @param status           where to keep a live status line (a terminal's stderr), or null for none.
 * @param rollCycle        how often the journal starts a new cycle file.
 * @param retention        which old cycle files to delete after a roll.
 * @param drainPriority    SCHED_FIFO priority (1-99) for the drain thread, or 0 to leave it a normal thread.
 * @param recordArgs       put CMD's arguments into the journal's METADATA target, not its name alone.
 * @param tracedPids       -p: trace these processes and every descendant, those they have and those they
 *                         fork from now on (empty: no such filter).
 * @param runAs            -u: run CMD as this user (uid, gid and supplementary groups as su sets them), or null.
 * @param maxEvents        -n: stop once this many events are journaled (gap records are not events), as
 *                         sysdig -n; 0 for no limit.
 * @param captureCpus      --capture-cpus: the CPUs every thread of the capture JVM is pinned to once CMD has
 *                         started (CMD keeps the JVM's own affinity), or at start without CMD; null or empty to
 *                         leave affinity alone. Not copied on the way out: do not modify it.
 */
public record CaptureOptions(
    Path journal,
    List<String> command,
    Duration duration,
    int ringSize,
    List<AttachMethod> attachCandidates,
    BpfConfig bpfConfig,
    IdleMode idle,
    boolean holdReader,
    boolean recordLatency,
    PrintStream status,
    RollCycle rollCycle,
    JournalRetention.Limits retention,
    int drainPriority,
    boolean recordArgs,
    List<Integer> tracedPids,
    io.ringcap.linux.Users.Account runAs,
    long maxEvents,
    BitSet captureCpus)
{
    public static final int DEFAULT_RING_SIZE = 64 * 1024 * 1024;

    /**
     * Spin-wait hints between two empty polls in {@link IdleMode#PACED}: about 6 us here. Measured on
     * this 2-core machine, 1,000,000 mq_notify calls traced, three interleaved rounds: the workload ran
     * 441 k calls/s (median) with back-to-back polls, 576 k with 256 hints, 561 k with 1,024; median
     * BPF-to-journal latency went from about 1 us to 5-9 us.
     */
    public static final int PACED_PAUSES = 256;

    /** Daily cycle files, kept forever: what a capture did before --roll and --retain-*. */
    public CaptureOptions(final Path journal, final List<String> command, final Duration duration, final int ringSize,
        final List<AttachMethod> attachCandidates, final BpfConfig bpfConfig, final IdleMode idle,
        final boolean holdReader, final boolean recordLatency, final PrintStream status)
    {
        this(journal, command, duration, ringSize, attachCandidates, bpfConfig, idle, holdReader, recordLatency, status,
            RollCycles.FAST_DAILY, JournalRetention.Limits.NONE, 0, false, List.of(), null, 0, null);
    }

    /** How the drain thread idles: spinning needs no wakeups and never sleeps through a burst. */
    public enum IdleMode
    {
        /** Spin, with {@link #PACED_PAUSES} spin-wait hints between empty polls (the default). */
        PACED,
        /** Spin, polling back to back: the lowest latency, the most pressure on the producer. */
        BUSY,
        /** Spin, yield, then park up to 1 ms: for quiet hosts, at the cost of latency. */
        BACKOFF
    }


    /** Everything, best attach method, paced spin: what tests and the defaults use. */
    public static CaptureOptions of(final Path journal, final List<String> command, final int ringSize)
    {
        return new CaptureOptions(journal, command, null, ringSize, AttachMethod.candidates("auto"),
            BpfConfig.everything(), IdleMode.PACED, false, false, null);
    }

    public CaptureOptions withBpfConfig(final BpfConfig config)
    {
        return new CaptureOptions(journal, command, duration, ringSize, attachCandidates, config, idle, holdReader,
            recordLatency, status, rollCycle, retention, drainPriority, recordArgs, tracedPids, runAs, maxEvents, captureCpus);
    }

    public CaptureOptions withAttachCandidates(final List<AttachMethod> candidates)
    {
        return new CaptureOptions(journal, command, duration, ringSize, List.copyOf(candidates), bpfConfig, idle,
            holdReader, recordLatency, status, rollCycle, retention, drainPriority, recordArgs, tracedPids, runAs, maxEvents, captureCpus);
    }

    public CaptureOptions withRecordArgs(final boolean record)
    {
        return new CaptureOptions(journal, command, duration, ringSize, attachCandidates, bpfConfig, idle, holdReader,
            recordLatency, status, rollCycle, retention, drainPriority, record, tracedPids, runAs, maxEvents, captureCpus);
    }

    public CaptureOptions withDrainPriority(final int priority)
    {
        return new CaptureOptions(journal, command, duration, ringSize, attachCandidates, bpfConfig, idle, holdReader,
            recordLatency, status, rollCycle, retention, priority, recordArgs, tracedPids, runAs, maxEvents, captureCpus);
    }

    public CaptureOptions withTracedPids(final List<Integer> pids)
    {
        return new CaptureOptions(journal, command, duration, ringSize, attachCandidates, bpfConfig, idle, holdReader,
            recordLatency, status, rollCycle, retention, drainPriority, recordArgs, List.copyOf(pids), runAs, maxEvents, captureCpus);
    }

    public CaptureOptions withRunAs(final io.ringcap.linux.Users.Account account)
    {
        return new CaptureOptions(journal, command, duration, ringSize, attachCandidates, bpfConfig, idle, holdReader,
            recordLatency, status, rollCycle, retention, drainPriority, recordArgs, tracedPids, account, maxEvents, captureCpus);
    }

    public CaptureOptions withMaxEvents(final long max)
    {
        return new CaptureOptions(journal, command, duration, ringSize, attachCandidates, bpfConfig, idle, holdReader,
            recordLatency, status, rollCycle, retention, drainPriority, recordArgs, tracedPids, runAs, max, captureCpus);
    }

    /** @param cpus null or empty: leave every thread's affinity as it is. */
    public CaptureOptions withCaptureCpus(final BitSet cpus)
    {
        return new CaptureOptions(journal, command, duration, ringSize, attachCandidates, bpfConfig, idle, holdReader,
            recordLatency, status, rollCycle, retention, drainPriority, recordArgs, tracedPids, runAs, maxEvents,
            null == cpus ? null : (BitSet)cpus.clone());
    }
}
