package io.ringcap.fleet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * {@code ringcap replay --from kafka://HOST:PORT/TOPIC [--host NAME] [--since T] [-n N] [--follow]}:
 * the journals every host shipped to the topic, rebuilt locally ({@link KafkaJournals}), each
 * replayed by replay's own walk (same decoding, filters and formats), host by host; table and CSV
 * gain a HOST column ({@link HostColumnOutput}), JSON has hostName already. One closing line per
 * journal. -n counts the events of all journals. With --follow the topic is polled until stop,
 * each journal followed on a thread of its own as its records arrive (a journal that starts
 * arriving later gets its thread then); their lines interleave whole.
 */
public final class KafkaReplay
{
    /** Replay's walk over one local journal, writing to out; the label names it in the closing line. */
    @FunctionalInterface
    public interface JournalReplay
    {
        /** @param ended ends a --follow walk. */
        int replay(Path journal, String label, PrintStream out, BooleanSupplier ended) throws IOException;
    }

    /**
     * What the command line asked for.
     *
     * @param from         the kafka:// URL.
     * @param host         only this host, or null.
     * @param kafkaConfig  client properties, or null.
     * @param format       table, csv or json.
     * @param stats        --stats: a heading per journal instead of a column.
     * @param follow       keep polling until stop.
     * @param sinceEpochNs --since (Long.MIN_VALUE: none): the partitions seek to it by Kafka's time index.
     * @param budget       -n left for all journals (Long.MAX_VALUE: no -n); the walks take from it.
     * @param stop         true ends a --follow.
     */
    public record Options(String from, String host, Path kafkaConfig, String format, boolean stats, boolean follow,
        long sinceEpochNs, AtomicLong budget, BooleanSupplier stop)
    {
    }

    /** The HOST column's width at least with --follow (a longer name widens its own cells only). */
    static final int FOLLOW_HOST_WIDTH = 12;

    private KafkaReplay()
    {
    }

    /** @return the worst exit code of the journals' replays (0 for a topic with none). */
    public static int replay(final Options options, final PrintStream out, final PrintStream err, final JournalReplay replay)
        throws IOException
    {
        KafkaClients.quietLogging();
        final KafkaUrl url;
        try
        {
            url = KafkaUrl.parse(options.from());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new FleetException(ex.getMessage());
        }
        try (KafkaJournals journals = new KafkaJournals(url, options.kafkaConfig(), options.host(), options.sinceEpochNs()))
        {
            final int exit = options.follow() ? follow(options, url, journals, out, replay) :
                replayAll(options, url, journals, out, err, replay);
            if (journals.duplicates() > 0)
            {
                err.println("ringcap: " + journals.duplicates() + " duplicate records from " + url +
                    " dropped (sent again by a restarted shipper)");
            }
            return exit;
        }
    }

    private static int replayAll(final Options options, final KafkaUrl url, final KafkaJournals journals,
        final PrintStream out, final PrintStream err, final JournalReplay replay) throws IOException
    {
        journals.readToEnd();
        final List<KafkaJournals.Origin> origins = journals.origins();
        if (origins.isEmpty())
        {
            if (journals.seeked())
            {
                err.println("0 events replayed from " + url + " (no record at or after the --since time)");
                return 0;
            }
            throw new FleetException("topic " + url.topic() + " at " + url.bootstrap() + " holds no journal" +
                (options.host() == null ? "" : " of host " + options.host()));
        }
        final HostColumnOutput.Table table = table(options, origins, 0);
        int exit = 0;
        for (final KafkaJournals.Origin origin : origins)
        {
            if (options.budget().get() <= 0)
            {
                break; // -n is spent
            }
            final PrintStream hostOut = hostOut(options, table, origin, new NonClosing(out));
            exit = Math.max(exit, replay.replay(origin.directory(), label(url, origin), hostOut, options.stop()));
            hostOut.flush();
        }
        return exit;
    }

    private static int follow(final Options options, final KafkaUrl url, final KafkaJournals journals,
        final PrintStream out, final JournalReplay replay)
    {
        journals.catchUp();
        // hosts that start shipping later are not known yet: a column for host names of FOLLOW_HOST_WIDTH at least
        final HostColumnOutput.Table table = table(options, journals.origins(), FOLLOW_HOST_WIDTH);
        final BooleanSupplier ended = () -> options.stop().getAsBoolean() || options.budget().get() <= 0;
        final Map<KafkaJournals.Origin, Thread> walks = new IdentityHashMap<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicLong worst = new AtomicLong();
        try
        {
            while (true)
            {
                final boolean ending = ended.getAsBoolean() || failure.get() != null;
                for (final KafkaJournals.Origin origin : journals.origins())
                {
                    // Not before the host's tables are in: the walk decides its columns when it opens
                    // (a follow once opened on METADATA alone and showed no CONTAINER column). At the
                    // end, every host with anything at all, so each still gets its closing line.
                    if (origin.excerpts() > 0 && (origin.pastHead() || ending) && !walks.containsKey(origin))
                    {
                        final Thread walk = new Thread(() ->
                        {
                            try (PrintStream hostOut = hostOut(options, table, origin, new LineAtomicOutput(out)))
                            {
                                final int exit = replay.replay(origin.directory(), label(url, origin), hostOut, ended);
                                worst.accumulateAndGet(exit, Math::max);
                            }
                            catch (final IOException ex)
                            {
                                failure.compareAndSet(null, new UncheckedIOException(ex));
                            }
                            catch (final RuntimeException | Error ex)
                            {
                                failure.compareAndSet(null, ex);
                            }
                        }, "ringcap-replay-" + origin.host());
                        walks.put(origin, walk);
                        walk.start();
                    }
                }
                if (ending)
                {
                    break;
                }
                journals.poll();
            }
        }
        finally
        {
            for (final Thread walk : walks.values())
            {
                joinUninterruptibly(walk);
            }
        }
        final Throwable failed = failure.get();
        if (failed instanceof RuntimeException)
        {
            throw (RuntimeException)failed;
        }
        if (failed instanceof Error)
        {
            throw (Error)failed;
        }
        return (int)worst.get();
    }

    private static HostColumnOutput.Table table(final Options options, final List<KafkaJournals.Origin> origins, final int minWidth)
    {
        int width = minWidth;
        for (final KafkaJournals.Origin origin : origins)
        {
            width = Math.max(width, origin.host().length());
        }
        return options.stats() || "json".equals(options.format()) ? null : new HostColumnOutput.Table("csv".equals(options.format()), width);
    }

    private static PrintStream hostOut(final Options options, final HostColumnOutput.Table table, final KafkaJournals.Origin origin,
        final OutputStream out)
    {
        final OutputStream column;
        if (table != null)
        {
            column = new HostColumnOutput(out, table, origin.host());
        }
        else
        {
            if (options.stats())
            {
                final PrintStream heading = new PrintStream(out, false, StandardCharsets.UTF_8);
                heading.println("host " + origin.host() + ", journal " + origin.journal() + ":");
                heading.flush();
            }
            column = out;
        }
        return new PrintStream(column, false, StandardCharsets.UTF_8);
    }

    private static String label(final KafkaUrl url, final KafkaJournals.Origin origin)
    {
        return url + " (host " + origin.host() + ", journal " + origin.journal() + ")";
    }

    private static void joinUninterruptibly(final Thread thread)
    {
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** The shared output, not closed by one journal's stream. */
    private static final class NonClosing extends OutputStream
    {
        private final OutputStream out;

        NonClosing(final OutputStream out)
        {
            this.out = out;
        }

        @Override
        public void write(final int b) throws IOException
        {
            out.write(b);
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException
        {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException
        {
            out.flush();
        }
    }

    /**
     * One journal's share of an output several journals' walks write at once: whole lines only,
     * each written under the output's lock, so lines of different hosts never mix. Not closing the
     * output.
     */
    static final class LineAtomicOutput extends OutputStream
    {
        private final OutputStream out;
        private byte[] pending = new byte[8192];
        private int length;

        LineAtomicOutput(final OutputStream out)
        {
            this.out = out;
        }

        @Override
        public void write(final int b) throws IOException
        {
            write(new byte[] {(byte)b}, 0, 1);
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int count) throws IOException
        {
            int lastNewline = -1;
            for (int i = offset + count - 1; i >= offset; i--)
            {
                if (bytes[i] == '\n')
                {
                    lastNewline = i;
                    break;
                }
            }
            if (lastNewline < 0)
            {
                append(bytes, offset, count);
                return;
            }
            append(bytes, offset, lastNewline + 1 - offset);
            synchronized (out)
            {
                out.write(pending, 0, length);
            }
            length = 0;
            append(bytes, lastNewline + 1, offset + count - lastNewline - 1);
        }

        private void append(final byte[] bytes, final int offset, final int count)
        {
            if (length + count > pending.length)
            {
                pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, length + count));
            }
            System.arraycopy(bytes, offset, pending, length, count);
            length += count;
        }

        @Override
        public void flush() throws IOException
        {
            synchronized (out)
            {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException
        {
            synchronized (out)
            {
                out.write(pending, 0, length);
                out.flush();
            }
            length = 0;
        }
    }
}
