package io.ringcap.fleet;

import io.ringcap.replay.journal.JournalException;
import io.ringcap.wire.ShipCheckpoint;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ringcap ship --journal DIR --to kafka://HOST:PORT/TOPIC [--follow] [--kafka-config FILE]}:
 * publish a journal to a Kafka topic ({@link JournalShipper}). Without --follow it ships what is
 * not shipped yet and exits; with it, it keeps tailing the journal until SIGINT/SIGTERM. One
 * closing line on stderr; a bad URL, an unreachable broker, a topic that cannot be created or a
 * directory that is not a journal is one line and exit 2.
 */
@Command(name = "ringcap ship", description = "Publish a ringcap journal to an Apache Kafka topic.")
public final class ShipCommand implements Callable<Integer>
{
    public static final int EXIT_OK = 0;
    public static final int EXIT_BAD_INPUT = 2;
    private static final long STOP_WAIT_SECONDS = 10;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = {"-r", "--journal"}, paramLabel = "DIR", required = true, description = "The journal directory.")
    private Path journal;

    @Option(names = "--to", paramLabel = "URL", required = true,
        description = "kafka://HOST:PORT[,HOST:PORT...]/TOPIC: the brokers (the only addresses connected to) and the topic, " +
            "created with the broker's defaults if missing.")
    private String to;

    @Option(names = "--follow", description = "Keep shipping as the capture appends (across rolls and segments) until SIGINT.")
    private boolean follow;

    @Option(names = "--kafka-config", paramLabel = "FILE",
        description = "Kafka client properties (TLS, SASL, ...), passed through to the producer and admin client.")
    private Path kafkaConfig;

    @Option(names = {"-q", "--quiet"}, description = "No closing line.")
    private boolean quiet;

    private final PrintStream err;
    private final BooleanSupplier stop;

    private ShipCommand(final PrintStream err, final BooleanSupplier stop)
    {
        this.err = err;
        this.stop = stop;
    }

    /** @return the command's picocli model, for generated shell completion. */
    public static CommandLine commandLine()
    {
        return new CommandLine(new ShipCommand(System.err, () -> false));
    }

    public static void main(final String[] args)
    {
        System.setProperty("chronicle.analytics.disable", "true");
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null)
        {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        final String scqMeta = "org.slf4j.simpleLogger.log.net.openhft.chronicle.queue.impl.single.SCQMeta";
        if (System.getProperty(scqMeta) == null)
        {
            System.setProperty(scqMeta, "error");
        }
        KafkaClients.quietLogging();
        final AtomicBoolean stopRequested = new AtomicBoolean();
        final CountDownLatch finished = new CountDownLatch(1);
        final AtomicInteger exitCode = new AtomicInteger(EXIT_OK);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            stopRequested.set(true);
            try
            {
                if (finished.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS))
                {
                    Runtime.getRuntime().halt(exitCode.get());
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "ringcap-ship-stop"));
        final int exit = run(args, System.err, stopRequested::get);
        System.out.flush();
        System.err.flush();
        exitCode.set(exit);
        finished.countDown();
        System.exit(exit);
    }

    /** Run as {@link #main} does, without exiting; a --follow ends once stop returns true. */
    public static int run(final String[] args, final PrintStream err, final BooleanSupplier stop)
    {
        return new CommandLine(new ShipCommand(err, stop))
            .setOut(new PrintWriter(System.out, true))
            .setErr(new PrintWriter(err, true))
            .setParameterExceptionHandler((ex, ignored) ->
            {
                err.println("ringcap: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            })
            .setExecutionExceptionHandler((ex, ignored, parseResult) ->
            {
                if (ex instanceof JournalException || ex instanceof FleetException || ex instanceof IllegalArgumentException ||
                    ex instanceof UncheckedIOException)
                {
                    err.println("ringcap: " + ex.getMessage());
                    return EXIT_BAD_INPUT;
                }
                throw ex;
            })
            .execute(args);
    }

    public Integer call()
    {
        final KafkaUrl url = KafkaUrl.parse(to);
        final ShipCheckpoint shipped = new JournalShipper(journal, url, kafkaConfig, err, stop, follow).run();
        if (!quiet)
        {
            err.println("ringcap: shipped " + journal + " to " + url + ": " + shipped.excerpts() + " blocks, " +
                shipped.events() + " event records in all, acknowledged up to index " + shipped.index() +
                " (checkpoint " + ShipCheckpoint.file(journal, url.topic()).getFileName() + ")");
        }
        return EXIT_OK;
    }
}
