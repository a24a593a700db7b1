package io.ringcap.capture;

import io.ringcap.bpf.BpfObject;
import io.ringcap.bpf.RingcapBpf;
import io.ringcap.journal.GapRecords;
import io.ringcap.journal.JournalDirectory;
import io.ringcap.journal.JournalRetention;
import io.ringcap.journal.JournalWriter;
import io.ringcap.journal.LatencyRecorder;
import io.ringcap.journal.ReaderSidecars;
import io.ringcap.linux.Cgroups;
import io.ringcap.linux.Clocks;
import io.ringcap.linux.CpuAffinity;
import io.ringcap.linux.HostInfo;
import io.ringcap.linux.LibC;
import io.ringcap.linux.ProcessTree;
import io.ringcap.linux.Processes;
import io.ringcap.ring.RingBufferMapping;
import io.ringcap.ring.RingBufferReader;
import io.ringcap.ring.RingSpanHandler;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One capture: load and attach the BPF programs, drain the ring into the journal on a dedicated
 * thread, run the traced command, then stop in the order that loses nothing: wait for the
 * command (or the stop signal), detach the hooks, drain what is left, write the summary.
 */
public final class CaptureSession
{
    private static final long FINAL_DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);

    private final CaptureOptions options;
    /** Read by the metrics thread. */
    private volatile long gapRecordsWrittenAtStop;
    private final MetricsServer metricsServer;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch attached = new CountDownLatch(1);
    /** With holdReader: the drain, not started yet; {@link #releaseReader()} starts it. */
    private final AtomicReference<AgentRunner> heldRunner = new AtomicReference<>();
    private volatile boolean releaseRequested;
    /** Lines for the user (stderr), or null: a session run by a test prints nothing. */
    private final PrintStream notices;
    private volatile StatusLine statusLine;
    /** What this capture created for its journal; removed again when CMD could not start. */
    private JournalDirectory.Created created;
    private CaptureException commandStartFailure;
    /** -n: the limit between the drain and the journal, or null. */
    private volatile EventLimit eventLimit;
    /** --capture-cpus: why the kernel refused to pin a thread, or null; the capture stops as on a drain failure. */
    private volatile IllegalStateException pinFailure;

    public CaptureSession(final CaptureOptions options)
    {
        this(options, null, null);
    }

    CaptureSession(final CaptureOptions options, final MetricsServer metricsServer)
    {
        this(options, metricsServer, null);
    }

    /**
     * @param metricsServer a bound metrics endpoint to start once the programs are attached (the
     *                      session serves the final counts from it before it releases the ring and the
     *                      maps; the caller stops it), or null for none.
     * @param notices       where to say what the user must know while it runs (stderr): the attached
     *                      line, signals passed on to CMD (only then are they passed on), CMD left
     *                      running; or null for none.
     */
    CaptureSession(final CaptureOptions options, final MetricsServer metricsServer, final PrintStream notices)
    {
        this.options = options;
        this.metricsServer = metricsServer;
        this.notices = notices;
    }

    /** Asks a running capture to stop (from a signal handler or another thread). */
    public void requestStop()
    {
        stopRequested.countDown();
    }

    /**
     * Waits until the hooks are attached and the drain is running (host captures: events from here
     * on are captured).
     *
     * @return false on timeout.
     */
    public boolean awaitAttached(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return attached.await(timeout, unit);
    }

    /**
     * With {@link CaptureOptions#holdReader()}: start draining now rather than once the command has
     * exited (tests: a ring that overflows, then a reader that catches up while the load goes on).
     */
    public void releaseReader()
    {
        releaseRequested = true;
        final AgentRunner runner = heldRunner.getAndSet(null);
        if (null != runner)
        {
            AgentRunner.startOnThread(runner);
        }
    }

    public CaptureResult run() throws InterruptedException
    {
        try
        {
            JournalDirectory.requireAppendable(options.journal()); // a journal gets a segment appended
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CaptureException(ex.getMessage(), ex, CaptureCommand.EXIT_USAGE);
        }
        final boolean traceCommand = !options.command().isEmpty();
        if (traceCommand)
        {
            CommandLookup.requireRunnable(options.command().get(0), System.getenv("PATH")); // before anything exists
        }
        // -- CMD: the tree below this JVM (CMD is its child); -p: the tree below the first pid named, with
        // every pid named and their descendants put in the traced set once the hooks are attached.
        final List<Integer> tracedPids = options.tracedPids();
        final int rootTgid = traceCommand ? (int)ProcessHandle.current().pid() :
            tracedPids.isEmpty() ? 0 : tracedPids.get(0);

        DrainWarmup.run(options.recordLatency());
        final Map<Long, String> cgroupsAtStart = Cgroups.snapshot();
        final Map<Integer, String> processesAtStart = traceCommand ? Map.of() : Processes.executables();
        try (RingcapBpf bpf = RingcapBpf.load(options.attachCandidates(), options.ringSize(),
                options.bpfConfig().withRootTgid(rootTgid));
            RingBufferMapping mapping = new RingBufferMapping(bpf.eventsMapFd(), options.ringSize());
            JournalRetention retention = options.retention().isNone() ? null :
                new JournalRetention(options.journal(), options.retention());
            JournalWriter journal = openJournal(retention);
            CaptureMetrics metrics = newMetrics(bpf, mapping, journal)) // closed first: frozen before the rest goes
        {
            if (!tracedPids.isEmpty())
            {
                // Twice: a child forked after the hooks attached but before its parent was seeded is
                // found by the second scan (one forked later still is added by the fork hook).
                bpf.traceProcesses(ProcessTree.descendantsAndSelf(tracedPids));
                bpf.traceProcesses(ProcessTree.descendantsAndSelf(ProcessTree.descendantsAndSelf(tracedPids)));
            }
            // Before the first cycle file exists: a reader that opens it finds its sidecar there.
            ReaderSidecars.prepare(options.journal(), options.rollCycle(), System.currentTimeMillis());
            journal.writeMetadata(new JournalMetadata(
                JournalFormat.FORMAT_VERSION,
                HostInfo.hostName(),
                HostInfo.kernelRelease(),
                Clocks.bootToWallOffsetNanos(),
                bpf.attachMethod().label(),
                options.ringSize(),
                (int)ProcessHandle.current().pid(),
                target()));
            if (null != retention)
            {
                // Not before the first append: until then Chronicle's appender visits older cycle files
                // (JournalRetention's class comment says what a deletion then did to the journal).
                retention.start(journal::refreshDirectoryListing);
            }
            journal.writeCgroups(cgroupsAtStart);
            if (!processesAtStart.isEmpty())
            {
                journal.writeProcesses(processesAtStart);
            }

            final RingBufferReader reader = mapping.newReader(EventHeaderLayout.LENGTH);
            final LatencyRecorder latency = options.recordLatency() ? new LatencyRecorder(journal) : null;
            final RingSpanHandler toJournal = null == latency ? journal : latency;
            final EventLimit limit = options.maxEvents() > 0 ?
                new EventLimit(toJournal, options.maxEvents(), this::requestStop) : null;
            eventLimit = limit;
            final RingDrainAgent agent = new RingDrainAgent(reader, journal, null == limit ? toJournal : limit)
                .fifoPriority(options.drainPriority());
            final AgentRunner runner = new AgentRunner(idleStrategy(), CaptureSession::ignoreReported, null, agent);
            // Start the drain with an empty young generation: loading, attaching and the warm-up leave
            // garbage that would otherwise be collected mid-capture. The drain itself allocates nothing
            // per event, so from here a capture at full load runs without a GC (bench: the soak).
            System.gc();
            final long start = System.nanoTime();
            final long gcCountAtStart = gcCount();
            if (!options.holdReader())
            {
                AgentRunner.startOnThread(runner);
            }
            else
            {
                heldRunner.set(runner);
                if (releaseRequested)
                {
                    releaseReader();
                }
            }
            attached.countDown();
            if (null != metrics)
            {
                metricsServer.start(metrics);
            }
            if (!traceCommand)
            {
                pinCaptureThreads(); // no CMD to keep off the mask: every thread that exists now, drain included
                if (null == pinFailure)
                {
                    // Scripts wait for this line: from here on the host's calls are captured.
                    notice("ringcap: attached (" + bpf.attachMethod().label() + ", journal " + options.journal() + ")");
                }
            }
            final StatusLine status = null == options.status() ? null : new StatusLine(options.status(),
                () -> eventsJournaled(bpf, journal), () -> bpf.eventsDropped(null),
                reader::backlog, options.ringSize(),
                journal::bytesJournaled);
            statusLine = status;
            if (null != status)
            {
                final Thread statusThread = new Thread(status, "ringcap-status");
                statusThread.setDaemon(true);
                statusThread.start();
            }

            int exitCode = 0;
            try
            {
                exitCode = traceCommand ? runCommand(agent) : waitForStop(agent);
            }
            finally
            {
                if (null != status)
                {
                    statusLine = null;
                    status.stop();
                }
                bpf.detach();     // no new events from here on
                heldRunner.set(null);
                runner.close();   // the drain thread stops; this thread finishes the drain
            }
            final long drainStart = System.nanoTime();
            if (null == agent.failure())
            {
                agent.drainRemaining(FINAL_DRAIN_TIMEOUT_NS);
            }
            final long drainEnd = System.nanoTime();
            final long gcCount = gcCount() - gcCountAtStart;
            final long submitted = bpf.eventsSubmitted();
            final long dropped = bpf.eventsDropped(null);
            // Drops on a CPU where no record followed: no BPF program reported them. The capture
            // does, after the last record the ring held, as the BPF programs would have.
            final List<RingcapBpf.UnreportedDrops> unreported = bpf.unreportedDrops();
            // Gap records journaled. With -n the records after the limit were consumed, not journaled: the
            // gaps among them too. After a failure ended the drain, those still in the ring never were
            // (counting them made the summary's events 5-18 short of what replays after a full disk).
            final long gapRecordsNotJournaled = null == agent.failure() || null != eventLimit ? 0 : agent.gapRecordsLeftInRing();
            final long gapRecords = gapRecordsJournaled(bpf) - gapRecordsNotJournaled + unreported.size();
            // After a fault writing the journal (disk full) write nothing more: an excerpt after the
            // broken one would make the journal unreadable past it.
            final boolean journalFaulted = null != agent.failure() && agent.failure().getCause() instanceof InternalError;
            if (!journalFaulted)
            {
                try
                {
                    journal.claimForCurrentThread();
                    writeUnreportedGaps(journal, unreported);
                    gapRecordsWrittenAtStop = unreported.size();
                    journal.writeCgroups(newSince(cgroupsAtStart, Cgroups.snapshot()));
                    journal.writeSummary(submitted, dropped, gapRecords);
                }
                catch (final InternalError ex)
                {
                    throw new CaptureException(RingDrainAgent.journalFault(ex).getMessage() + ": the summary is missing; " +
                        journal.eventsJournaled() + " records (events and gaps) journaled before it are kept in " +
                        options.journal(), ex);
                }
            }
            if (null != commandStartFailure)
            {
                // Nothing was traced: a journal this capture made for it goes again (an earlier one stays,
                // with this segment's METADATA and SUMMARY).
                journal.close();
                JournalDirectory.removeIfOnlyOurs(created);
                throw commandStartFailure;
            }
            final RuntimeException failure = null != agent.failure() ? agent.failure() : pinFailure;
            if (null != failure)
            {
                throw new CaptureException("capture stopped early: " + failure.getMessage() +
                    " (" + journal.eventsJournaled() + " records (events and gaps) journaled before it are kept in " +
                    options.journal() + ")", failure);
            }
            return new CaptureResult(journal.eventsJournaled() - gapRecords, submitted, dropped, options.journal(),
                bpf.attachMethod().label(), exitCode, drainEnd - start, drainEnd - drainStart,
                null == latency ? null : latency.histogram(), gcCount, null != limit && limit.reached() ? limit.limit() : 0);
        }
    }

    /** Creates the directory (0700, one line with the reason when it cannot), then opens the queue in it. */
    private JournalWriter openJournal(final JournalRetention retention)
    {
        try
        {
            created = JournalDirectory.create(options.journal());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CaptureException(ex.getMessage(), ex, CaptureCommand.EXIT_USAGE);
        }
        return new JournalWriter(options.journal(), options.rollCycle(),
            new ReaderSidecars(options.journal(), options.rollCycle(), retention));
    }

    /**
     * The METADATA target: CMD's name, its arguments only when asked for (they may hold secrets, as
     * payloads may), or "host".
     */
    String target()
    {
        if (options.command().isEmpty())
        {
            return "host";
        }
        return options.recordArgs() ? String.join(" ", options.command()) : options.command().get(0);
    }

    /** One line for the user, above the status line when there is one. */
    private void notice(final String line)
    {
        if (null == notices)
        {
            return;
        }
        final StatusLine status = statusLine;
        if (null != status)
        {
            status.println(line);
        }
        else
        {
            notices.println(line);
        }
    }

    private CaptureMetrics newMetrics(final RingcapBpf bpf, final RingBufferMapping mapping, final JournalWriter journal)
    {
        if (null == metricsServer)
        {
            return null;
        }
        // A reader of its own, used only for the positions: the drain's reader stays the drain thread's.
        final RingBufferReader positions = mapping.newReader(EventHeaderLayout.LENGTH);
        return new CaptureMetrics(bpf.attachMethod().label(), options.journal().toString(),
            () -> sample(bpf, positions, journal));
    }

    /** Runs on the metrics thread: reads only what the drain thread already publishes. */
    private CaptureMetrics.Sample sample(final RingcapBpf bpf, final RingBufferReader reader, final JournalWriter journal)
    {
        // Journaled before submitted: a record is submitted before it is journaled, so the pair
        // read in this order never shows more journaled than submitted.
        final long journaled = eventsJournaled(bpf, journal);
        final long submitted = bpf.eventsSubmitted();
        final long[] droppedPerCpu = new long[BpfObject.possibleCpus()];
        bpf.eventsDropped(droppedPerCpu);
        return new CaptureMetrics.Sample(journaled, submitted, droppedPerCpu, journal.bytesJournaled(),
            options.ringSize(), reader.backlog());
    }

    /**
     * Events journaled so far, from any thread: the records journaled less the gap records among
     * them, the BPF programs' (counted when submitted, so live this can briefly undercount) and the
     * ones this capture writes at stop.
     */
    private long eventsJournaled(final RingcapBpf bpf, final JournalWriter journal)
    {
        return Math.max(0, journal.eventsJournaled() - gapRecordsJournaled(bpf) - gapRecordsWrittenAtStop);
    }

    /** The BPF programs' gap records that were journaled: all of them, or with -n those before the limit. */
    private long gapRecordsJournaled(final RingcapBpf bpf)
    {
        final EventLimit limit = eventLimit;
        return null == limit ? bpf.gapRecordsSubmitted() : limit.gapsPassed();
    }

    /** One EVENTS block of gap records, one per CPU with unreported drops, in CPU order. */
    private static void writeUnreportedGaps(final JournalWriter journal, final List<RingcapBpf.UnreportedDrops> drops)
    {
        if (drops.isEmpty())
        {
            return;
        }
        final UnsafeBuffer span = new UnsafeBuffer(new byte[drops.size() * GapRecords.FRAMED_LENGTH]);
        final long nowNs = LibC.clockNanos(LibC.CLOCK_BOOTTIME);
        int offset = 0;
        for (final RingcapBpf.UnreportedDrops drop : drops)
        {
            offset += GapRecords.write(span, offset, drop.cpu(), drop.dropped(), drop.firstNs(), drop.lastNs(), nowNs);
        }
        journal.onSpan(span, 0, offset, drops.size());
    }

    /**
     * -- CMD, or with -u, setpriv exec'ing it as the user: setpriv replaces itself with CMD, so CMD
     * keeps the pid the tree filter follows; uid, gid, supplementary groups and the environment
     * (HOME, USER, SHELL, PATH) are set as su sets them.
     */
    private List<String> commandLine()
    {
        final io.ringcap.linux.Users.Account user = options.runAs();
        if (null == user)
        {
            return options.command();
        }
        final List<String> line = new java.util.ArrayList<>(List.of("setpriv", "--reuid=" + user.uid(),
            "--regid=" + user.gid(), "--init-groups", "--reset-env", "--"));
        line.addAll(options.command());
        return line;
    }

    private int runCommand(final RingDrainAgent agent) throws InterruptedException
    {
        final ProcessBuilder builder = new ProcessBuilder(commandLine()).inheritIO();
        final String name = options.command().get(0);
        final CommandSignals signals = null == notices ? null : new CommandSignals(name, this::notice, this::requestStop);
        final Process process;
        try
        {
            process = null == signals ? builder.start() : signals.start(builder);
        }
        catch (final IOException ex)
        {
            commandStartFailure = CommandLookup.startFailed(name, ex.getMessage());
            return commandStartFailure.exitCode();
        }
        // Only now: CMD was forked with this JVM's mask and keeps it; the capture's threads move off.
        pinCaptureThreads();
        try
        {
            final long deadline = null == options.duration() ? Long.MAX_VALUE :
                System.nanoTime() + options.duration().toNanos();
            while (process.isAlive())
            {
                final boolean pastDeadline = System.nanoTime() - deadline > 0;
                if (null != agent.failure() || null != pinFailure || stopRequested.getCount() == 0 || pastDeadline)
                {
                    if (!process.isAlive())
                    {
                        return process.exitValue();
                    }
                    final sun.misc.Signal signal = null == signals ? null : signals.stoppedBy();
                    final EventLimit limit = eventLimit;
                    final String why = null != signal ? "second SIG" + signal.getName() :
                        pastDeadline ? "--duration reached" : null != agent.failure() || null != pinFailure ? "the capture failed" :
                            null != limit && limit.reached() ? "-n " + limit.limit() + " reached" : "stop requested";
                    notice("ringcap: " + why + ": stopped tracing; " + name + " (pid " + process.pid() +
                        ") is still running, untraced");
                    return null == signal ? 0 : 128 + signal.getNumber(); // as a shell reports a signal
                }
                process.waitFor(10, TimeUnit.MILLISECONDS);
            }
            return process.exitValue();
        }
        finally
        {
            if (null != signals)
            {
                signals.close(); // CMD is gone (or left): a signal now stops the capture, as before it started
            }
        }
    }

    /**
     * --capture-cpus: every thread of this JVM (drain, pretoucher, compiler and GC threads, this one)
     * onto the CPUs asked for; threads started later inherit the mask from their creator. A refusal
     * is kept in {@link #pinFailure}: the capture then stops, keeping what it journaled.
     */
    private void pinCaptureThreads()
    {
        final BitSet cpus = options.captureCpus();
        if (null == cpus || cpus.isEmpty())
        {
            return;
        }
        try
        {
            CpuAffinity.pinAllThreads(cpus);
        }
        catch (final IllegalStateException | IllegalArgumentException | java.io.UncheckedIOException ex)
        {
            pinFailure = new IllegalStateException("--capture-cpus " + CpuAffinity.format(cpus) + ": " + ex.getMessage(), ex);
        }
    }

    private int waitForStop(final RingDrainAgent agent) throws InterruptedException
    {
        final long deadline = null == options.duration() ? Long.MAX_VALUE :
            System.nanoTime() + options.duration().toNanos();
        while (null == agent.failure() && null == pinFailure && System.nanoTime() - deadline < 0)
        {
            if (stopRequested.await(10, TimeUnit.MILLISECONDS))
            {
                break;
            }
        }
        return 0;
    }

    private IdleStrategy idleStrategy()
    {
        switch (options.idle())
        {
            case BUSY:
                return new BusySpinIdleStrategy();
            case BACKOFF:
                return new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
            default:
                return new PausingSpinIdleStrategy(CaptureOptions.PACED_PAUSES);
        }
    }

    private static Map<Long, String> newSince(final Map<Long, String> before, final Map<Long, String> now)
    {
        final Map<Long, String> added = new LinkedHashMap<>(now);
        added.keySet().removeAll(before.keySet());
        return added;
    }

    /** @return collections so far, all collectors (young and old) summed. */
    private static long gcCount()
    {
        long count = 0;
        for (final GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, collector.getCollectionCount());
        }
        return count;
    }

    private static void ignoreReported(final Throwable ignored)
    {
        // The agent keeps its own failure; the session reports it once, after the drain.
    }
}
