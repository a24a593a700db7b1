package io.ringcap.replay;

import io.ringcap.wire.JournalMetadata;
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
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.agrona.DirectBuffer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replay [--journal DIR] [--format table|json|csv] [--stats] [filters]}: decode a journal offline, without root or BPF.
 * Events go to stdout; one closing line goes to stderr:
 *
 * <pre>
 * 3 events replayed from journal (journaled 3, dropped 0)
 * 3 events replayed from journal (capture did not finish cleanly: no summary)
 * </pre>
 *
 * Bad input (no journal, a corrupt one, a bad option) prints one line starting {@code ringcap: }
 * to stderr and exits with {@link #EXIT_BAD_INPUT}.
 *
 * <p>On a terminal's stderr a long replay shows a progress line meanwhile ({@link ReplayProgress}),
 * erased before the closing line; not when stdout is that same terminal (the events would break the
 * line), except with {@code --stats}, which prints only at the end. {@code --no-progress} turns it off.
 */
@Command(
    name = "replay",
    description = "Decode a ringcap journal offline (no root, no BPF). Times are UTC.")
public final class ReplayCommand implements Callable<Integer>
{
    public static final int EXIT_OK = 0;
    /** An output failure. */
    public static final int EXIT_FAILURE = 1;
    /** Bad options, or a journal that is missing or cannot be read: the user can fix it. */
    public static final int EXIT_BAD_INPUT = 2;

    private static final String ERROR_PREFIX = "ringcap: ";

    /** Output formats; the names are the --format values. */
    enum Format
    {
        table
        {
            EventFormatter newFormatter(final OutputStream out, final JournalMetadata metadata,
                final JournalTables tables)
            {
                return new TableFormatter(out, metadata, tables);
            }
        },
        json
        {
            EventFormatter newFormatter(final OutputStream out, final JournalMetadata metadata,
                final JournalTables tables) throws IOException
            {
                return new JsonFormatter(out, metadata, tables);
            }
        },
        csv
        {
            EventFormatter newFormatter(final OutputStream out, final JournalMetadata metadata,
                final JournalTables tables)
            {
                return new CsvFormatter(out, metadata, tables);
            }
        };

        abstract EventFormatter newFormatter(OutputStream out, JournalMetadata metadata, JournalTables tables)
            throws IOException;
    }

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--journal", paramLabel = "DIR",
        description = "Journal directory (default: the newest one under journals/).")
    private Path journal;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
        description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Option(names = "--event", paramLabel = "NAME[,NAME...]",
        description = "Only these events, e.g. mq_open,mq_notify.")
    private String events;

    @Option(names = "--pid", paramLabel = "PID", description = "Only this process: its namespace or host pid.")
    private Integer pid;

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

    @Option(names = "--no-progress", description = "No progress line on stderr, even on a terminal.")
    private boolean noProgress;

    @Option(names = "--stats",
        description = "Print counts (per event, process, errno, second) and the capture's drops instead of events.")
    private boolean stats;

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
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
    }

    private ReplayCommand(final PrintStream out, final PrintStream err, final Clock clock, final Terminal terminal)
    {
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.terminal = terminal;
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
        if (System.getProperty("chronicle.analytics.disable") == null)
        {
            System.setProperty("chronicle.analytics.disable", "true");
        }
        System.exit(run(args, System.out, System.err, Clock.systemUTC(), Terminal.PROCESS));
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
    static int run(final String[] args, final PrintStream out, final PrintStream err, final Clock clock)
    {
        return run(args, out, err, clock, Terminal.NONE);
    }

    /** As above, with the terminal the progress line is shown on, or not. */
    static int run(
        final String[] args, final PrintStream out, final PrintStream err, final Clock clock, final Terminal terminal)
    {
        final CommandLine commandLine = new CommandLine(new ReplayCommand(out, err, clock, terminal))
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .setParameterExceptionHandler((ex, ignored) ->
            {
                err.println(ERROR_PREFIX + JournalReader.describe(ex));
                return EXIT_BAD_INPUT;
            })
            .setExecutionExceptionHandler((ex, ignored, parseResult) ->
            {
                if (ex instanceof JournalException || ex instanceof UsageException)
                {
                    err.println(ERROR_PREFIX + ex.getMessage());
                    return EXIT_BAD_INPUT;
                }
                if (ex instanceof UncheckedIOException || ex instanceof IOException)
                {
                    err.println(ERROR_PREFIX + "cannot write output: " + JournalReader.describe(ex));
                    return EXIT_FAILURE;
                }
                throw ex;
            });
        return commandLine.execute(args);
    }

    public Integer call() throws IOException
    {
        if (null == journal)
        {
            journal = newestJournal(Path.of(JournalFormat.DEFAULT_JOURNALS_DIRECTORY));
        }
        final Instant now = clock.instant();
        final long nowEpochNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        final EventFilter.Builder filters = new EventFilter.Builder()
            .events(events).pid(pid).tid(tid).comm(comm).uid(uid).container(container).failed(failed).errno(errno)
            .since(since, nowEpochNs).until(until, nowEpochNs);
        try (JournalReader reader = JournalReader.open(journal))
        {
            final EventFilter filter = filters.build(reader.metadata(), reader.tables());
            reader.seekSince(filter.sinceEpochNs());
            final long records;
            final long matched;
            if (stats)
            {
                final ReplayStats counts = new ReplayStats(reader.metadata());
                final FilteredRecords filtered = new FilteredRecords(filter, counts, null);
                records = walk(reader, filtered, true);
                matched = filtered.matched;
                out.print(counts.report(reader.summary()));
                out.flush();
            }
            else
            {
                // The tables first: a pass over the whole journal, so events see cgroups named at its end.
                final EventFormatter formatter = format.newFormatter(out, reader.metadata(), reader.tables());
                formatter.begin();
                final FilteredRecords filtered = new FilteredRecords(filter, formatter, formatter);
                try
                {
                    records = walk(reader, filter.matchesAll() ? formatter : filtered, false);
                }
                finally
                {
                    // What was decoded before a corrupt record still reaches the user.
                    formatter.flush();
                }
                matched = filter.matchesAll() ? records : filtered.matched;
            }

            // After a --since seek the walk began past the excerpts before it: say so, as the count is of those walked.
            final String from = reader.walkStartExcerpt() > 0 ? " (from the --since seek point)" : "";
            final String replayed = filter.matchesAll() ?
                records + " events replayed from " + journal :
                records + " events replayed from " + journal + from + ", " + matched + " matched the filters";
            final JournalSummary summary = reader.summary();
            if (summary == null)
            {
                err.println(replayed + " (capture did not finish cleanly: no summary)");
            }
            else
            {
                err.println(replayed +
                    " (journaled " + summary.eventsJournaled() + ", dropped " + summary.eventsDropped() + ")");
            }
        }
        return EXIT_OK;
    }

    /**
     * Walk the journal, with a progress line on stderr when it is a terminal the output does not
     * share (the output is printed at the end only with --stats).
     */
    private long walk(final JournalReader reader, final RecordHandler handler, final boolean outputAtEnd)
    {
        if (noProgress || !terminal.stderrIsTerminal() || (!outputAtEnd && terminal.stdoutIsStderr()))
        {
            return reader.forEachRecord(handler);
        }
        final ReplayProgress progress = new ReplayProgress(handler, err, System::nanoTime, new ReplayProgress.Position()
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
            return reader.forEachRecord(progress);
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

    /**
     * Hands the records the filter passes on to the handler and, when a formatter is given, the
     * others to its {@link EventFormatter#skip}, so what they teach (executables) still holds.
     */
    static final class FilteredRecords implements RecordHandler
    {
        private final EventFilter filter;
        private final RecordHandler handler;
        private final EventFormatter skipped;
        private final EventHeaderDecoder header = new EventHeaderDecoder();
        long matched;

        FilteredRecords(final EventFilter filter, final RecordHandler handler, final EventFormatter skipped)
        {
            this.filter = filter;
            this.handler = handler;
            this.skipped = skipped;
        }

        public void onRecord(final DirectBuffer buffer, final int offset, final int length)
        {
            if (filter.matches(header.wrap(buffer, offset)))
            {
                matched++;
                handler.onRecord(buffer, offset, length);
            }
            else if (skipped != null)
            {
                skipped.skip(buffer, offset, length);
            }
        }
    }
}
