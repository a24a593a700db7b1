package io.ringcap.capture;

import io.ringcap.bpf.AttachMethod;
import io.ringcap.bpf.BpfConfig;
import io.ringcap.bpf.BpfException;
import io.ringcap.journal.JournalDirectory;
import io.ringcap.journal.JournalRetention;
import io.ringcap.linux.Cgroups;
import io.ringcap.linux.CpuAffinity;
import io.ringcap.linux.LibC;
import io.ringcap.linux.ProcessTree;
import io.ringcap.linux.RealtimeScheduling;
import io.ringcap.wire.ConfigLayout;
import io.ringcap.wire.EventTable;
import io.ringcap.wire.EventType;
import io.ringcap.wire.JournalFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ringcap capture [--journal DIR] [--duration SECONDS] [--record-args] [-- CMD ARGS...]}.
 */
@Command(
    name = "ringcap capture",
    description = "Capture message-queue syscalls into a journal. With -- CMD, trace CMD and its " +
        "descendants until it exits (SIGINT, SIGTERM and SIGHUP are passed on to CMD; a second one stops the capture); " +
        "without, trace the whole host until SIGINT/SIGTERM or --duration.",
    mixinStandardHelpOptions = true,
    versionProvider = CaptureCommand.Version.class,
    sortOptions = false)
public final class CaptureCommand implements Callable<Integer>
{
    /** Where journals go when --journal is not given; replay reads the newest one from here. */
    public static final Path DEFAULT_JOURNALS = Path.of(JournalFormat.DEFAULT_JOURNALS_DIRECTORY);

    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILURE = 1;
    private static final int STDERR_FD = 2;
    private static final String CAPTURE_CPUS = "--capture-cpus";

    @Option(names = {"-w", "--journal"}, paramLabel = "DIR",
        description = "Journal directory to write (sysdig -w): new, empty, or a ringcap journal to append this capture to as a " +
            "new segment (default: journals/<date-time>).")
    Path journal;

    @Option(names = "--roll", paramLabel = "CYCLE",
        description = "Start a new journal file hourly or daily (default). An existing journal keeps its own.")
    String roll = "daily";

    @Option(names = "--retain-size", paramLabel = "SIZE",
        description = "After each roll, delete the oldest journal files until they total at most SIZE (500M, 10G).")
    String retainSize;

    @Option(names = "--retain-time", paramLabel = "DURATION",
        description = "After each roll, delete journal files last written longer ago than DURATION (30m, 12h, 7d).")
    String retainTime;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds.")
    Double durationSeconds;

    @Option(names = {"-n", "--max-events"}, paramLabel = "N",
        description = "Stop once N events are journaled (sysdig -n): exactly N, the hooks detached, the summary written; " +
            "a -- CMD still running is left running, untraced, as at --duration.")
    Long maxEvents;

    @Option(names = "--ring-size", paramLabel = "BYTES",
        description = "BPF ring buffer size, a power of two: 64M (default), 256M, 1G is too big.")
    String ringSize = "64M";

    @Option(names = "--attach", paramLabel = "METHOD",
        description = "auto (default: the first that works of fentry, kprobe, tracepoint, raw), fentry, kprobe, " +
            "tracepoint or raw (tp_btf sys_enter/sys_exit: cheaper per traced call, runs on every syscall).")
    String attach = "auto";

    @Option(names = {"-e", "--events"}, paramLabel = "EVENTS", split = ",",
        description = "Only these events or sets of them (Tracee's), e.g. mq_open,mq_notify or ipc_msgq " +
            "(default: all); ? lists them.")
    List<String> events = new ArrayList<>();

    @Option(names = {"-p", "--pid"}, paramLabel = "PID", split = ",",
        description = "Only these processes (host pids, comma-separated) and every descendant: those they have " +
            "and those they fork from now on (strace -f -p).")
    List<Integer> pids = new ArrayList<>();

    @Option(names = "--failed",
        description = "Only syscalls that return an error, decided in the kernel at exit before ring space is " +
            "reserved (execs and notification deliveries are not calls: they are kept).")
    boolean failed;

    @Option(names = "--min-duration", paramLabel = "D",
        description = "Only syscalls that take at least D (500us, 2ms, 1.5s), decided in the kernel at exit.")
    String minDuration;

    @Option(names = {"-u", "--user"}, paramLabel = "USER",
        description = "Run -- CMD as this user (a name or uid; its gid and groups as su sets them), as strace -u.")
    String user;

    @Option(names = "--comm", paramLabel = "NAME", description = "Only tasks with this name (comm, up to 15 characters).")
    String comm;

    @Option(names = "--uid", paramLabel = "UID", description = "Only this user id.")
    Long uid;

    @Option(names = "--cgroup", paramLabel = "PATH|ID", description = "Only this cgroup v2 (a path below the cgroup2 mount, or an id).")
    String cgroup;

    @Option(names = "--payload-bytes", paramLabel = "N",
        description = "Keep the first N bytes (0-256) of each message sent or received (default 0: payloads may be secrets).")
    int payloadBytes;

    @Option(names = "--record-args",
        description = "Record CMD's arguments in the journal, not only its name (off by default: arguments may be secrets).")
    boolean recordArgs;

    @Option(names = "--idle", paramLabel = "MODE",
        description = "paced (default: spin, a few microseconds between empty polls), busy (spin, polls back " +
            "to back: lowest latency, slows the traced workload more) or backoff (spin, yield, then park).")
    String idle = "paced";

    @Option(names = {"-q", "--quiet"}, description = "No live status line on a terminal's stderr.")
    boolean quiet;

    @Option(names = "--drain-priority", paramLabel = "N",
        description = "Run the drain thread SCHED_FIFO at priority N (1-99; needs CAP_SYS_NICE): the scheduler " +
            "never preempts it for normal threads, which bounds BPF-to-journal latency on a busy host.")
    Integer drainPriority;

    @Option(names = "--capture-cpus", paramLabel = "LIST",
        description = "Pin every thread of the capture to the CPUs in LIST (as taskset -c takes them: 1, 0,2 or 2-3) " +
            "once -- CMD has started, so CMD keeps this process's CPUs and the capture's threads keep off the others " +
            "(without -- CMD: at start).")
    String captureCpus;

    @Option(names = "--latency", description = "Measure each event's BPF-to-journal latency and print p50/p99/p99.9 at stop.")
    boolean latency;

    @Option(names = "--metrics", paramLabel = "[HOST:]PORT",
        description = "Serve Prometheus metrics at http://HOST:PORT/metrics while capturing (PORT alone: 127.0.0.1 only; 0: a free port).")
    String metrics;

    @Option(names = "--hold-reader", hidden = true,
        description = "Benchmarks: drain nothing until CMD exits, then time draining the full ring.")
    boolean holdReader;

    @Parameters(paramLabel = "CMD", arity = "0..*", description = "Command to run and trace (after --).")
    List<String> command = new ArrayList<>();

    private final PrintStream err;

    CaptureCommand(final PrintStream err)
    {
        this.err = err;
    }

    public static void main(final String[] args)
    {
        // Chronicle reports usage over the network unless told not to: ringcap opens no connection.
        System.setProperty("chronicle.analytics.disable", "true");
        System.exit(run(args, System.err));
    }

    /**
     * @return the process exit code: the traced command's, 1 on a capture failure, 2 on bad usage.
     */
    public static int run(final String[] args, final PrintStream err)
    {
        final CommandLine commandLine = new CommandLine(new CaptureCommand(err));
        commandLine.setParameterExceptionHandler((ex, ignored) ->
        {
            err.println("ringcap: " + ex.getMessage());
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, ignored, parseResult) ->
        {
            err.println("ringcap: " + oneLine(ex));
            return EXIT_FAILURE;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException
    {
        if (events.contains("?"))
        {
            System.out.print(EventTable.describe()); // what --events takes, from the event table
            return 0;
        }
        final CaptureOptions options;
        try
        {
            options = options();
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("ringcap: " + ex.getMessage());
            return EXIT_USAGE;
        }

        if (!options.command().isEmpty())
        {
            try
            {
                // A typo in CMD is found before anything is loaded or created: exit 127 or 126, as a shell.
                CommandLookup.requireRunnable(options.command().get(0), System.getenv("PATH"));
            }
            catch (final CaptureException ex)
            {
                err.println("ringcap: " + ex.getMessage());
                return ex.exitCode();
            }
        }

        if (options.drainPriority() > 0)
        {
            final String throttle = RealtimeScheduling.throttling();
            if (null != throttle)
            {
                err.println("ringcap: warning: " + throttle);
            }
        }

        final MetricsServer metricsServer;
        try
        {
            metricsServer = bindMetrics();
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("ringcap: " + ex.getMessage());
            return EXIT_USAGE;
        }

        final CaptureSession session = new CaptureSession(options, metricsServer, err);
        final CountDownLatch finished = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            session.requestStop();
            try
            {
                finished.await(); // let the capture drain and write its summary before the JVM exits
            }
            catch (final InterruptedException ignored)
            {
                Thread.currentThread().interrupt();
            }
        }, "ringcap-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            final CaptureResult result = session.run();
            err.println(result.summaryLine());
            if (null != result.latency())
            {
                err.println(result.latencyLine());
            }
            if (holdReader)
            {
                err.printf("ringcap: drain %.3f s%n", result.drainNanos() / 1e9);
            }
            // At -n the events submitted after the limit were consumed, not journaled: the summary says so.
            if (result.eventsSubmitted() != result.eventsJournaled() && result.stoppedAtLimit() == 0)
            {
                err.println("ringcap: warning: BPF submitted " + result.eventsSubmitted() + " events but " +
                    result.eventsJournaled() + " were journaled");
            }
            return result.commandExitCode();
        }
        catch (final BpfException ex)
        {
            err.println("ringcap: " + ex.getMessage());
            return EXIT_FAILURE;
        }
        catch (final CaptureException ex)
        {
            err.println("ringcap: " + ex.getMessage());
            return ex.exitCode();
        }
        finally
        {
            if (null != metricsServer)
            {
                metricsServer.close(); // after the summary: until here a scrape sees the final counts
            }
            finished.countDown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException shuttingDown)
            {
                // the JVM is already exiting because of a signal: the hook is running
            }
        }
    }

    /** Binds now, before any BPF is loaded, so a bad or taken address is a usage error. */
    private MetricsServer bindMetrics()
    {
        if (null == metrics)
        {
            return null;
        }
        final InetSocketAddress address = MetricsAddress.parse(metrics);
        try
        {
            return MetricsServer.bind(address, err);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("--metrics " + metrics + ": cannot listen on " +
                MetricsAddress.url(address) + ": " + oneLine(ex));
        }
    }

    private CaptureOptions options()
    {
        final Path journalDir = null != journal ? journal : DEFAULT_JOURNALS.resolve(
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + ProcessHandle.current().pid());
        Duration duration = null;
        if (null != durationSeconds)
        {
            if (!(durationSeconds > 0))
            {
                throw new IllegalArgumentException("--duration must be a positive number of seconds: " + durationSeconds);
            }
            duration = Duration.ofNanos((long)(durationSeconds * 1e9));
        }
        if (null != maxEvents && maxEvents <= 0)
        {
            throw new IllegalArgumentException("invalid value for option '-n': " + maxEvents + " (a count of events, 1 or more)");
        }
        final RollCycle rollCycle = parseRoll(roll);
        final JournalRetention.Limits retention = new JournalRetention.Limits(
            null == retainSize ? Long.MAX_VALUE : parseSize("--retain-size", retainSize),
            null == retainTime ? Long.MAX_VALUE : parseDuration("--retain-time", retainTime).toMillis());
        JournalDirectory.requireAppendable(journalDir); // refused here: one line, exit 2, nothing loaded
        return new CaptureOptions(journalDir, List.copyOf(command), duration, parseRingSize(ringSize),
            AttachMethod.candidates(attach), bpfConfig(), parseIdle(idle), holdReader, latency,
            quiet || !stderrIsTerminal() ? null : err, rollCycle, retention, parseDrainPriority(drainPriority),
            recordArgs, ProcessTree.requireRunning(pids), runAs(), null == maxEvents ? 0 : maxEvents,
            null == captureCpus ? null : parseCaptureCpus(captureCpus, CpuAffinity.allowed()));
    }

    /**
     * The status line is drawn on stderr, so stderr decides: System.console() looks at stdin and
     * stdout, and drew the line into a file given as {@code 2>file} (and none on the terminal of a
     * capture run with {@code >file}).
     */
    private static boolean stderrIsTerminal()
    {
        return LibC.isatty(STDERR_FD) == 1;
    }

    private io.ringcap.linux.Users.Account runAs()
    {
        if (null == user)
        {
            return null;
        }
        if (command.isEmpty())
        {
            throw new IllegalArgumentException("-u runs -- CMD as a user: give -- CMD");
        }
        return io.ringcap.linux.Users.account(user);
    }

    static int parseDrainPriority(final Integer priority)
    {
        if (null == priority)
        {
            return 0;
        }
        if (priority < 1 || priority > 99)
        {
            throw new IllegalArgumentException("--drain-priority must be 1 to 99: " + priority);
        }
        return priority;
    }

    /**
     * @param allowed the CPUs this process may run on: a CPU outside them is refused here, before
     *                anything is loaded, rather than by sched_setaffinity once CMD runs.
     * @return the CPUs, or null (text null: affinity left alone).
     */
    static BitSet parseCaptureCpus(final String text, final BitSet allowed)
    {
        if (null == text)
        {
            return null;
        }
        return CpuAffinity.requireAllowed(CAPTURE_CPUS, text, CpuAffinity.parse(CAPTURE_CPUS, text), allowed);
    }

    private BpfConfig bpfConfig()
    {
        if (null != uid && (uid < 0 || uid >= 0xffff_ffffL))
        {
            throw new IllegalArgumentException("--uid must be 0 to 4294967294: " + uid);
        }
        if (!pids.isEmpty() && !command.isEmpty())
        {
            throw new IllegalArgumentException("-p and -- CMD both choose the processes to trace: give one of them");
        }
        return new BpfConfig(0, 0, null == uid ? ConfigLayout.ANY_UID : (int)(long)uid,
            null == cgroup ? 0 : Cgroups.resolve(cgroup), comm, parseEvents(events), payloadBytes, false,
            null == minDuration ? 0 : io.ringcap.replay.format.Durations.parse(minDuration, "--min-duration"), failed);
    }

    static long parseEvents(final List<String> names)
    {
        if (names.isEmpty())
        {
            return BpfConfig.ALL_EVENTS;
        }
        final boolean[] chosen = new boolean[EventType.MAX];
        for (final String list : names)
        {
            EventTable.select(list, "--events", false, chosen);
        }
        long mask = 0;
        for (int type = 1; type < EventType.MAX; type++)
        {
            if (chosen[type])
            {
                mask |= 1L << type;
            }
        }
        return mask;
    }

    static int parseRingSize(final String text)
    {
        final String trimmed = text.trim().toUpperCase();
        long multiplier = 1;
        String digits = trimmed;
        if (trimmed.endsWith("K") || trimmed.endsWith("M") || trimmed.endsWith("G"))
        {
            multiplier = trimmed.endsWith("K") ? 1L << 10 : trimmed.endsWith("M") ? 1L << 20 : 1L << 30;
            digits = trimmed.substring(0, trimmed.length() - 1);
        }
        final long bytes;
        try
        {
            bytes = Long.parseLong(digits) * multiplier;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--ring-size is not a size: " + text);
        }
        if (Long.bitCount(bytes) != 1 || bytes < 4096 || bytes > (512L << 20))
        {
            throw new IllegalArgumentException("--ring-size must be a power of two from 4K to 512M: " + text);
        }
        return (int)bytes;
    }

    /** test-secondly is for tests only (a roll a second); it is not in the help. */
    static RollCycle parseRoll(final String text)
    {
        switch (text)
        {
            case "daily":
                return RollCycles.FAST_DAILY;
            case "hourly":
                return RollCycles.FAST_HOURLY;
            case "test-secondly":
                return TestRollCycles.TEST_SECONDLY;
            default:
                throw new IllegalArgumentException("--roll must be hourly or daily: " + text);
        }
    }

    /** 500M, 10G, 64K, or bytes. */
    static long parseSize(final String option, final String text)
    {
        final String trimmed = text.trim().toUpperCase();
        final int unit = trimmed.isEmpty() ? -1 : "KMGT".indexOf(trimmed.charAt(trimmed.length() - 1));
        try
        {
            final long value = Long.parseLong(unit < 0 ? trimmed : trimmed.substring(0, trimmed.length() - 1));
            if (value <= 0)
            {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(value, 1L << (10 * (unit + 1)));
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new IllegalArgumentException(option + " is not a positive size such as 500M or 10G: " + text);
        }
    }

    /** 45s, 30m, 12h, 7d. */
    static Duration parseDuration(final String option, final String text)
    {
        final String trimmed = text.trim().toLowerCase();
        final int unit = trimmed.isEmpty() ? -1 : "smhd".indexOf(trimmed.charAt(trimmed.length() - 1));
        try
        {
            if (unit < 0)
            {
                throw new NumberFormatException();
            }
            final long value = Long.parseLong(trimmed.substring(0, trimmed.length() - 1));
            if (value <= 0)
            {
                throw new NumberFormatException();
            }
            final long[] secondsPerUnit = {1, 60, 3600, 86400};
            return Duration.ofSeconds(Math.multiplyExact(value, secondsPerUnit[unit]));
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new IllegalArgumentException(option + " is not a positive duration such as 30m, 12h or 7d: " + text);
        }
    }

    static CaptureOptions.IdleMode parseIdle(final String text)
    {
        switch (text)
        {
            case "paced":
                return CaptureOptions.IdleMode.PACED;
            case "busy":
                return CaptureOptions.IdleMode.BUSY;
            case "backoff":
                return CaptureOptions.IdleMode.BACKOFF;
            default:
                throw new IllegalArgumentException("--idle must be paced, busy or backoff: " + text);
        }
    }

    private static String oneLine(final Throwable ex)
    {
        final String message = ex.getMessage();
        return null == message ? ex.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    /** {@code -V/--version}: release, commit and journal format. */
    static final class Version implements picocli.CommandLine.IVersionProvider
    {
        public String[] getVersion()
        {
            return new String[] {io.ringcap.wire.BuildInfo.describe("ringcap capture")};
        }
    }
}
