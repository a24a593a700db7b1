package io.ringcap.replay.cli;

import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.replay.filter.EventFilter;
import io.ringcap.replay.filter.RecordRouter;
import io.ringcap.replay.format.CsvFormatter;
import io.ringcap.replay.format.EventFormatter;
import io.ringcap.replay.format.JsonFormatter;
import io.ringcap.replay.format.ReplayStats;
import io.ringcap.replay.format.TableFormatter;
import io.ringcap.replay.journal.JournalDamage;
import io.ringcap.replay.journal.JournalException;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.replay.journal.JournalSegment;
import io.ringcap.replay.journal.JournalSummary;
import io.ringcap.replay.journal.RecordHandler;
import io.ringcap.replay.journal.SegmentListener;
import io.ringcap.wire.EventTable;
import io.ringcap.wire.JournalFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.agrona.concurrent.BackoffIdleStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replay [--journal DIR] [--format table|json|csv] [--stats] [filters]}: decode a journal offline, without root or BPF.
 * Events go to stdout; one closing line goes to stderr:
 *
 * <pre>
 * 3 events replayed from journal (journaled 3, dropped 0)
 * 17 events and 2 gaps replayed from journal (journaled 17, dropped 199983)
 * 3 events replayed from journal (capture did not finish cleanly: no summary)
 * </pre>
 *
 * Gap records (events lost because the ring was full, where they were lost) are shown with the
 * events and counted apart from them; every filter but --event and the time bounds lets them through.
 *
 * Bad input (no journal, an unreadable one, a bad option) prints one line starting {@code ringcap: }
 * to stderr and exits with {@link #EXIT_BAD_INPUT}.
 *
 * A damaged journal (blocks that fail their checksum, zeroed holes, a truncated cycle file) replays
 * every intact block; each damaged region gets one line on stderr before the closing line, which
 * adds the count of regions and of the records they held, and the exit code is {@link #EXIT_DAMAGED}.
 *
 * <p>On a terminal's stderr a long replay shows a progress line meanwhile ({@link ReplayProgress}),
 * erased before the closing line; not when stdout is that same terminal (the events would break the
 * line), except with {@code --stats}, which prints only at the end. {@code --no-progress} turns it off.
 */
@Command(
    name = "ringcap replay",
    versionProvider = ReplayCommand.Version.class,
    description = "Decode a ringcap journal offline (no root, no BPF). Times are UTC.")
public final class ReplayCommand implements Callable<Integer>
{
    public static final int EXIT_OK = 0;
    /** An output failure. */
    public static final int EXIT_FAILURE = 1;
    /** Bad options, or a journal that is missing or cannot be read: the user can fix it. */
    public static final int EXIT_BAD_INPUT = 2;
    /** The journal is damaged: every intact block was replayed, and each damaged region reported. */
    public static final int EXIT_DAMAGED = 3;

    private static final String ERROR_PREFIX = "ringcap: ";
    private static final String SCQ_META_LOG_LEVEL = "org.slf4j.simpleLogger.log.net.openhft.chronicle.queue.impl.single.SCQMeta";

    /** Output formats; the names are the --format values. */
    enum Format
    {
        table
        {
            EventFormatter newFormatter(final OutputStream out, final ReplayContext context)
            {
                return new TableFormatter(out, context);
            }
        },
        json
        {
            EventFormatter newFormatter(final OutputStream out, final ReplayContext context)
            {
                return new JsonFormatter(out, context);
            }
        },
        csv
        {
            EventFormatter newFormatter(final OutputStream out, final ReplayContext context)
            {
                return new CsvFormatter(out, context);
            }
        };

        abstract EventFormatter newFormatter(OutputStream out, ReplayContext context);
    }

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true,
        description = "Print the version, the commit it was built from and the journal format, and exit.")
    private boolean version;

    @Option(names = {"-r", "--journal"}, paramLabel = "DIR",
        description = "Journal directory (default: the newest one under journals/).")
    private Path journal;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
        description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Option(names = {"-e", "--events", "--event"}, paramLabel = "EVENTS",
        description = "Only these events or sets of them (Tracee's), comma-separated, e.g. mq_open,mq_notify or " +
            "ipc_msgq; gap names the records of lost events, which every other filter but --since/--until keeps; " +
            "? lists them.")
    private String events;

    @Option(names = {"-p", "--pid"}, paramLabel = "PID", split = ",",
        description = "Only these processes (comma-separated): each its namespace or host pid.")
    private List<Integer> pid;

    @Option(names = "--tid", paramLabel = "TID", description = "Only this thread: its namespace or host tid.")
    private Integer tid;

    @Option(names = "--comm", paramLabel = "NAME", description = "Only processes with this comm.")
    private String comm;

    @Option(names = "--uid", paramLabel = "UID", description = "Only this user id.")
    private Long uid;

    @Option(names = "--container", paramLabel = "ID",
        description = "Only this container: a prefix of its id, as docker takes it.")
    private String container;

    @Option(names = "--failed", description = "Only syscalls that failed (return value < 0).")
    private boolean failed;

    @Option(names = "--errno", paramLabel = "NAME",
        description = "Only syscalls that failed with this errno, e.g. EBUSY.")
    private String errno;

    @Option(names = "--since", paramLabel = "TIME",
        description = "Only events entered at or after TIME: 2026-11-22T10:00:00 (UTC), with an offset " +
            "(+01:00, Z), or relative to now (-30s, -5m, -2h, -1d). Seeks through the journal's index.")
    private String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only events entered at or before TIME (as --since).")
    private String until;

    @Option(names = "--min-duration", paramLabel = "D",
        description = "Only calls that took at least D (500us, 2ms, 1.5s), as perf trace --duration.")
    private String minDuration;

    @Option(names = "--max-duration", paramLabel = "D", description = "Only calls that took at most D.")
    private String maxDuration;

    @Option(names = {"-n", "--max-events"}, paramLabel = "N",
        description = "Stop after N events that pass the filters (sysdig -n); gap records do not count.")
    private Long maxEvents;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
        description = "Write the events (or --stats) to FILE, created or truncated, instead of stdout.")
    private Path output;

    @Option(names = {"-q", "--quiet"}, description = "No closing line on stderr (damage is still reported).")
    private boolean quiet;

    @Option(names = "--follow",
        description = "Keep reading as a capture appends to the journal (like tail -f), across rolls, until SIGINT.")
    private boolean follow;

    @Option(names = "--from", paramLabel = "URL",
        description = "Replay from Kafka instead of a journal: kafka://HOST:PORT[,HOST:PORT...]/TOPIC, every host " +
            "ringcap ship sent there (table and CSV gain a HOST column).")
    private String from;

    @Option(names = "--host", paramLabel = "NAME", description = "With --from: only this host's events.")
    private String host;

    @Option(names = "--kafka-config", paramLabel = "FILE",
        description = "With --from: Kafka client properties (TLS, SASL, ...), passed through.")
    private Path kafkaConfig;

    /** What the closing line says the events came from: the journal, or the Kafka topic and host. */
    private String source;

    @Option(names = "--no-progress", description = "No progress line on stderr, even on a terminal.")
    private boolean noProgress;

    @Option(names = "--stats",
        description = "Print counts (per event, process, errno, second) and the capture's drops instead of events.")
    private boolean stats;

    /** How long a follow waits between polls at most: new events show within this. */
    private static final long FOLLOW_MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long FOLLOW_STOP_WAIT_SECONDS = 5;

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final BooleanSupplier stop;
    private final Terminal terminal;

    /** Whether stderr is a terminal and stdout goes to that same one: the progress line's decision. */
    interface Terminal
    {
        /** /proc names where fds 1 and 2 lead; Linux only, as capture is. */
        Terminal PROCESS = new Terminal()
        {
            public boolean stderrIsTerminal()
            {
                final String target = fdTarget(2);
                return target == null ? System.console() != null : isTerminalDevice(target);
            }

            public boolean stdoutIsStderr()
            {
                final String target = fdTarget(2);
                return target == null || target.equals(fdTarget(1));
            }
        };

        /** Streams that are no terminal: tests, pipes. */
        Terminal NONE = new Terminal()
        {
            public boolean stderrIsTerminal()
            {
                return false;
            }

            public boolean stdoutIsStderr()
            {
                return false;
            }
        };

        boolean stderrIsTerminal();

        boolean stdoutIsStderr();

        /** @return the clock the progress line is paced by: System.nanoTime, or a test's. */
        default long nanoTime()
        {
            return System.nanoTime();
        }
    }

    /** Whether a --follow walk is running, for the SIGINT hook. */
    private static final AtomicBoolean FOLLOWING = new AtomicBoolean();

    private ReplayCommand(
        final PrintStream out, final PrintStream err, final Clock clock, final BooleanSupplier stop, final Terminal terminal)
    {
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.stop = stop;
        this.terminal = terminal;
    }

    /** @return the command's picocli model, for generated shell completion. */
    public static CommandLine commandLine()
    {
        return new CommandLine(new ReplayCommand(System.out, System.err, Clock.systemUTC(), () -> false,
            Terminal.PROCESS));
    }

    public static void main(final String[] args)
    {
        // Chronicle reports usage over the network unless told not to: ringcap opens no connection.
        System.setProperty("chronicle.analytics.disable", "true");
        // Chronicle logs through SLF4J: keep its start-up chatter off stderr, where our one line goes,
        // but let warnings (such as lock recovery) through. An explicit setting wins.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null)
        {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // Chronicle warns when a journal's roll cycle (kept in its metadata.cq4t) is not the daily
        // default it was opened with: replay takes the journal's own, which is right, so say nothing.
        if (System.getProperty(SCQ_META_LOG_LEVEL) == null)
        {
            System.setProperty(SCQ_META_LOG_LEVEL, "error");
        }
        if (System.getProperty("chronicle.analytics.disable") == null)
        {
            System.setProperty("chronicle.analytics.disable", "true");
        }
        // SIGINT (or SIGTERM) ends a --follow: the walk notices, flushes, prints its closing line,
        // and the JVM exits 0; a replay that is not following just exits.
        final AtomicBoolean stopRequested = new AtomicBoolean();
        final CountDownLatch finished = new CountDownLatch(1);
        final AtomicInteger exitCode = new AtomicInteger(EXIT_OK);
        final Thread hook = new Thread(() ->
        {
            stopRequested.set(true);
            if (FOLLOWING.get())
            {
                try
                {
                    if (finished.await(FOLLOW_STOP_WAIT_SECONDS, TimeUnit.SECONDS))
                    {
                        // main is blocked in System.exit behind this hook: end with its code
                        Runtime.getRuntime().halt(exitCode.get());
                    }
                }
                catch (final InterruptedException ignored)
                {
                    Thread.currentThread().interrupt();
                }
            }
        }, "ringcap-replay-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        final int exit = run(args, System.out, System.err, Clock.systemUTC(), stopRequested::get, Terminal.PROCESS);
        System.out.flush();
        System.err.flush();
        exitCode.set(exit);
        finished.countDown();
        System.exit(exit);
    }

    /**
     * Run the command as {@link #main} does, without exiting the JVM.
     *
     * @param args command line arguments.
     * @param out  where events go.
     * @param err  where the closing line or the error line goes.
     * @return the exit code: {@link #EXIT_OK}, {@link #EXIT_FAILURE} or {@link #EXIT_BAD_INPUT}.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return run(args, out, err, Clock.systemUTC());
    }

    /** {@link #run(String[], PrintStream, PrintStream)} with "now" for relative times from clock. */
    public static int run(final String[] args, final PrintStream out, final PrintStream err, final Clock clock)
    {
        return run(args, out, err, clock, () -> false, Terminal.NONE);
    }

    /**
     * As {@link #run(String[], PrintStream, PrintStream)}; a --follow ends once stop returns true.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err, final Clock clock,
        final BooleanSupplier stop)
    {
        return run(args, out, err, clock, stop, Terminal.NONE);
    }

    /** As above, with the terminal the progress line is shown on, or not. */
    public static int run(
        final String[] args, final PrintStream out, final PrintStream err, final Clock clock, final Terminal terminal)
    {
        return run(args, out, err, clock, () -> false, terminal);
    }

    private static int run(final String[] args, final PrintStream out, final PrintStream err, final Clock clock,
        final BooleanSupplier stop, final Terminal terminal)
    {
        final CommandLine commandLine = new CommandLine(new ReplayCommand(out, err, clock, stop, terminal))
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .setParameterExceptionHandler((ex, ignored) ->
            {
                err.println(ERROR_PREFIX + JournalException.describe(ex));
                return EXIT_BAD_INPUT;
            })
            .setExecutionExceptionHandler((ex, ignored, parseResult) ->
            {
                if (ex instanceof JournalException || ex instanceof UsageException ||
                    ex instanceof io.ringcap.fleet.FleetException)
                {
                    err.println(ERROR_PREFIX + ex.getMessage());
                    return EXIT_BAD_INPUT;
                }
                if (ex instanceof UncheckedIOException || ex instanceof IOException)
                {
                    err.println(ERROR_PREFIX + "cannot write output: " + JournalException.describe(ex));
                    return EXIT_FAILURE;
                }
                throw ex;
            });
        return commandLine.execute(args);
    }

    public Integer call() throws IOException
    {
        if ("?".equals(events))
        {
            out.print(EventTable.describe()); // what --events takes, from the event table
            return EXIT_OK;
        }
        if (null == from && null != host)
        {
            throw new UsageException("--host NAME picks a host of a replay --from kafka://...");
        }
        if (null == journal && null == from)
        {
            journal = newestJournal(Path.of(JournalFormat.DEFAULT_JOURNALS_DIRECTORY));
        }
        final String source = String.valueOf(journal);
        final Instant now = clock.instant();
        final long nowEpochNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        final EventFilter.Builder filters = new EventFilter.Builder()
            .events(events).pids(pid).tid(tid).comm(comm).uid(uid).container(container).failed(failed).errno(errno)
            .since(since, nowEpochNs).until(until, nowEpochNs).minDuration(minDuration).maxDuration(maxDuration);
        if (maxEvents != null && maxEvents <= 0)
        {
            throw new UsageException("invalid value for option '-n': " + maxEvents + " (a count of events, 1 or more)");
        }
        if (null != from)
        {
            fromKafkaAllowed();
        }
        final PrintStream out = output == null ? this.out : openOutput(output);
        if (null != from)
        {
            try
            {
                // io.ringcap.fleet rebuilds each shipped journal; each replays through replay(), as below, on a
                // thread of its own with --follow; -n counts the events of all of them
                final AtomicLong budget = new AtomicLong(maxEvents == null ? Long.MAX_VALUE : maxEvents);
                final io.ringcap.fleet.KafkaReplay.Options options = new io.ringcap.fleet.KafkaReplay.Options(from, host,
                    kafkaConfig, format.name(), stats, follow, filters.sinceEpochNs(), budget, stop);
                FOLLOWING.set(follow);
                try
                {
                    return io.ringcap.fleet.KafkaReplay.replay(options, out, err, (local, label, hostOut, ended) ->
                    {
                        try (JournalReader reader = JournalReader.open(local))
                        {
                            return replay(reader, filters, hostOut, label, budget, ended);
                        }
                    });
                }
                finally
                {
                    FOLLOWING.set(false);
                }
            }
            finally
            {
                if (out != this.out)
                {
                    out.close();
                }
            }
        }
        try (JournalReader reader = JournalReader.open(journal))
        {
            return replay(reader, filters, out, source, null, stop);
        }
        finally
        {
            if (out != this.out)
            {
                out.close();
            }
        }
    }

    private void fromKafkaAllowed()
    {
        if (null != journal)
        {
            throw new UsageException("--from and --journal name two sources: give one");
        }
    }

    /** The closing line on stderr, unless -q. */
    private void closing(final String line)
    {
        if (!quiet)
        {
            err.println(line);
        }
    }

    /** -o FILE: created or truncated, private to the user as journals are (the events can be sensitive). */
    private static PrintStream openOutput(final Path file)
    {
        try
        {
            final java.io.OutputStream stream = java.nio.file.Files.newOutputStream(file,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
                java.nio.file.StandardOpenOption.WRITE);
            try
            {
                java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
            catch (final UnsupportedOperationException ignored)
            {
                // not a POSIX file system: its own defaults
            }
            return new PrintStream(new java.io.BufferedOutputStream(stream, 1 << 16), false, java.nio.charset.StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UsageException("cannot write " + file + ": " + JournalException.describe(ex));
        }
    }

    /**
     * @param budget -n shared by several journals' replays (from Kafka), or null: this replay's own.
     * @param ended  ends a --follow.
     */
    private int replay(final JournalReader reader, final EventFilter.Builder filters, final PrintStream out,
        final String source, final AtomicLong budget, final BooleanSupplier ended) throws IOException
    {
        {
            boolean limitReached = false;
            final EventFilter filter = filters.build(reader.metadata(), reader.tables());
            final JournalSummary summary = reader.summary();
            if (!follow)
            {
                reader.seekSince(filter.sinceEpochNs());
            }
            final long records;
            final long gaps;
            final long matched;
            final long matchedGaps;
            if (stats)
            {
                final ReplayContext context = new ReplayContext(reader.metadata(), reader.tables());
                final ReplayStats counts = new ReplayStats(context);
                final RecordRouter filtered = new RecordRouter(context, filter, counts).limit(maxEvents, budget);
                final SegmentListener segments = (segment, metadata) -> filtered.onSegment(metadata);
                long walked;
                try
                {
                    walked = follow ? follow(reader, filtered, segments, () -> { }, ended) : walk(reader, filtered, segments, true);
                }
                catch (final RecordRouter.LimitReached done)
                {
                    walked = filtered.records();
                    limitReached = true;
                }
                records = walked;
                gaps = filtered.gaps();
                matched = filtered.matched();
                matchedGaps = filtered.matchedGaps();
                out.print(counts.report(summary));
                out.print(damageReport(reader.damage()));
                out.flush();
            }
            else
            {
                // The tables first: a pass over the whole journal, so events see cgroups named at its end.
                final ReplayContext context = new ReplayContext(reader.metadata(), reader.tables());
                final EventFormatter formatter = format.newFormatter(out, context);
                formatter.begin();
                final RecordRouter filtered = new RecordRouter(context, filter, formatter).limit(maxEvents, budget);
                final SegmentListener segments = (segment, metadata) -> filtered.onSegment(metadata);
                // Through the filter even when it takes every record: it counts the gap records, which
                // a summary cannot (a journal may hold segments without one).
                long walked;
                try
                {
                    walked = follow ? follow(reader, filtered, segments, () -> flush(formatter), ended) :
                        walk(reader, filtered, segments, false);
                }
                catch (final RecordRouter.LimitReached done)
                {
                    walked = filtered.records();
                    limitReached = true;
                }
                finally
                {
                    // What was decoded before a corrupt record still reaches the user.
                    formatter.flush();
                }
                records = walked;
                gaps = filtered.gaps();
                matched = filtered.matched();
                matchedGaps = filtered.matchedGaps();
            }

            // Gap records are not events: counted apart. After a --since seek the walk began past the
            // excerpts before it: say so, as the count is of those walked.
            final String events = (records - gaps) + " events" + (gaps > 0 ? " and " + gaps + " gaps" : "");
            final String from = reader.walkStartExcerpt() > 0 ? " (from the --since seek point)" : "";
            final String replayed = filter.matchesAll() ?
                events + " replayed from " + source :
                events + " replayed from " + source + from + ", " + (matched - matchedGaps) + " matched the filters" +
                    (matchedGaps > 0 ? " (and " + matchedGaps + " gaps)" : "");
            final List<JournalDamage> damage = reader.damage();
            for (final JournalDamage region : damage)
            {
                err.println(ERROR_PREFIX + "damaged journal " + source + ": " + region.describe());
            }
            final int exit = damage.isEmpty() ? EXIT_OK : EXIT_DAMAGED;
            final String damageNote = damage.isEmpty() ? "" : "; " + damageTotals(damage);
            if (limitReached)
            {
                // The walk stopped before the journal's end: its summary was not read.
                closing(replayed + " (stopped after -n " + maxEvents + damageNote + ")");
                return exit;
            }
            final List<JournalSegment> segments = reader.segments();
            if (segments.size() > 1)
            {
                closing(closingLine(replayed, segments, damageNote));
                return exit;
            }
            final JournalSummary segmentSummary = segments.isEmpty() ? null : segments.get(0).summary();
            if (segmentSummary == null)
            {
                // A journal that ends in damage may have lost its summary with it: do not blame the capture.
                final boolean endsInDamage = !damage.isEmpty() && damage.get(damage.size() - 1).recordsLost() < 0;
                closing(replayed + (follow ? " (stopped following; no summary yet" : endsInDamage ?
                    " (no summary: the journal ends in damaged data" :
                    " (capture did not finish cleanly: no summary") + damageNote + ")");
            }
            else
            {
                closing(replayed + " (journaled " + segmentSummary.eventsJournaled() + ", dropped " +
                    segmentSummary.eventsDropped() + damageNote + ")");
            }
            return exit;
        }
    }

    /** "2 damaged regions, 37 records lost", or "... at least 37 records lost" when a region's count is unknown. */
    static String damageTotals(final List<JournalDamage> damage)
    {
        long lost = 0;
        boolean unknown = false;
        for (final JournalDamage region : damage)
        {
            if (region.recordsLost() < 0)
            {
                unknown = true;
            }
            else
            {
                lost += region.recordsLost();
            }
        }
        final String regions = damage.size() + (damage.size() == 1 ? " damaged region, " : " damaged regions, ");
        if (unknown && lost == 0)
        {
            return regions + "records lost unknown";
        }
        return regions + (unknown ? "at least " : "") + lost + (lost == 1 ? " record lost" : " records lost");
    }

    /** The --stats section on damage: nothing for an intact journal. */
    static String damageReport(final List<JournalDamage> damage)
    {
        if (damage.isEmpty())
        {
            return "";
        }
        final StringBuilder report = new StringBuilder("damage: ").append(damageTotals(damage)).append('\n');
        for (final JournalDamage region : damage)
        {
            report.append("  ").append(region.describe()).append('\n');
        }
        return report.toString();
    }

    /**
     * A journal of several captures: one line per segment whose capture was killed, then the
     * closing line with the totals of the segments' summaries.
     */
    private String closingLine(final String replayed, final List<JournalSegment> segments, final String damageNote)
    {
        long journaled = 0;
        long dropped = 0;
        int withoutSummary = 0;
        for (final JournalSegment segment : segments)
        {
            if (null == segment.summary())
            {
                withoutSummary++;
                err.println("segment " + segment.number() + " ended without a summary (capture killed?); " +
                    segment.records() + " events read");
            }
            else
            {
                journaled += segment.summary().eventsJournaled();
                dropped += segment.summary().eventsDropped();
            }
        }
        return replayed + " (" + segments.size() + " segments; journaled " + journaled + ", dropped " + dropped +
            (withoutSummary == 0 ? "" : "; " + withoutSummary + " without a summary") + damageNote + ")";
    }

    private long follow(final JournalReader reader, final RecordHandler handler, final SegmentListener segments,
        final Runnable caughtUp, final BooleanSupplier ended)
    {
        final boolean wasFollowing = FOLLOWING.getAndSet(true);
        try
        {
            // Spin a little, yield, then park up to FOLLOW_MAX_PARK_NS: a follower never busy-spins.
            return reader.follow(handler, segments, new BackoffIdleStrategy(10, 10, TimeUnit.MICROSECONDS.toNanos(10),
                FOLLOW_MAX_PARK_NS), caughtUp, ended);
        }
        finally
        {
            FOLLOWING.set(wasFollowing);
        }
    }

    private static void flush(final EventFormatter formatter)
    {
        try
        {
            formatter.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Walk the journal, with a progress line on stderr when it is a terminal the output does not
     * share (the output is printed at the end only with --stats).
     */
    private long walk(
        final JournalReader reader, final RecordHandler handler, final SegmentListener segments, final boolean outputAtEnd)
    {
        if (noProgress || !terminal.stderrIsTerminal() || (!outputAtEnd && terminal.stdoutIsStderr()))
        {
            return reader.forEachRecord(handler, segments);
        }
        final ReplayProgress progress = new ReplayProgress(handler, err, terminal::nanoTime, new ReplayProgress.Position()
        {
            public long done()
            {
                return reader.excerptsRead();
            }

            public long total()
            {
                return reader.excerptCount();
            }
        });
        try
        {
            return reader.forEachRecord(progress, segments);
        }
        finally
        {
            progress.finish();
        }
    }

    /** @return where file descriptor fd of this process leads, or null when /proc cannot tell. */
    static String fdTarget(final int fd)
    {
        try
        {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        }
        catch (final IOException | UnsupportedOperationException | SecurityException ex)
        {
            return null;
        }
    }

    /** Pseudo-terminals (ssh, terminal emulators) and virtual consoles. */
    static boolean isTerminalDevice(final String path)
    {
        return path.startsWith("/dev/pts/") || path.startsWith("/dev/tty");
    }

    /**
     * Capture names default journals {@code <date>-<time>-<pid>}, so the greatest name is the newest.
     */
    static Path newestJournal(final Path journals) throws IOException
    {
        if (!Files.isDirectory(journals))
        {
            throw new JournalException("no --journal given and no " + journals + "/ directory here to take the newest from");
        }
        try (Stream<Path> entries = Files.list(journals))
        {
            return entries.filter(Files::isDirectory).max(Comparator.comparing(Path::getFileName))
                .orElseThrow(() -> new JournalException("no --journal given and " + journals + "/ holds no journal"));
        }
    }

    /** {@code -V/--version}: release, commit and journal format. */
    static final class Version implements CommandLine.IVersionProvider
    {
        public String[] getVersion()
        {
            return new String[] {io.ringcap.wire.BuildInfo.describe("ringcap replay")};
        }
    }
}
