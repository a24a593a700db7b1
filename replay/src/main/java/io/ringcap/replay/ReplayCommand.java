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
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replay [--journal DIR] [--format table|json]}: decode a journal offline, without root or BPF.
 * Events go to stdout; one closing line goes to stderr:
 *
 * <pre>
 * 3 events replayed from journal (journaled 3, dropped 0)
 * 3 events replayed from journal (capture did not finish cleanly: no summary)
 * </pre>
 *
 * Bad input (no journal, a corrupt one, a bad option) prints one line starting {@code ringcap: }
 * to stderr and exits with {@link #EXIT_BAD_INPUT}.
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

    private final PrintStream out;
    private final PrintStream err;

    private ReplayCommand(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
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
        System.exit(run(args, System.out, System.err));
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
        final CommandLine commandLine = new CommandLine(new ReplayCommand(out, err))
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .setParameterExceptionHandler((ex, ignored) ->
            {
                err.println(ERROR_PREFIX + JournalReader.describe(ex));
                return EXIT_BAD_INPUT;
            })
            .setExecutionExceptionHandler((ex, ignored, parseResult) ->
            {
                if (ex instanceof JournalException)
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
        try (JournalReader reader = JournalReader.open(journal))
        {
            // The tables first: a pass over the whole journal, so events see cgroups named at its end.
            final EventFormatter formatter = format.newFormatter(out, reader.metadata(), reader.tables());
            formatter.begin();
            final long events;
            try
            {
                events = reader.forEachRecord(formatter);
            }
            finally
            {
                // What was decoded before a corrupt record still reaches the user.
                formatter.flush();
            }

            final JournalSummary summary = reader.summary();
            if (summary == null)
            {
                err.println(events + " events replayed from " + journal +
                    " (capture did not finish cleanly: no summary)");
            }
            else
            {
                err.println(events + " events replayed from " + journal +
                    " (journaled " + summary.eventsJournaled() + ", dropped " + summary.eventsDropped() + ")");
            }
        }
        return EXIT_OK;
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
}
