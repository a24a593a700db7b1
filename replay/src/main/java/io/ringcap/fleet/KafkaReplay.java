package io.ringcap.fleet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ringcap replay --from kafka://HOST:PORT/TOPIC [--host NAME]}: the journals every host
 * shipped to the topic, rebuilt locally ({@link KafkaJournals}), each replayed by replay's own walk
 * (same decoding, filters and formats), host by host; table and CSV gain a HOST column
 * ({@link HostColumnOutput}), JSON has hostName already. One closing line per journal.
 */
public final class KafkaReplay
{
    /** Replay's walk over one local journal, writing to out; the label names it in the closing line. */
    @FunctionalInterface
    public interface JournalReplay
    {
        int replay(Path journal, String label, PrintStream out) throws IOException;
    }

    private KafkaReplay()
    {
    }

    /**
     * @param from        the kafka:// URL.
     * @param host        only this host, or null.
     * @param kafkaConfig client properties, or null.
     * @param format      table, csv or json.
     * @param stats       --stats: a heading per journal instead of a column.
     * @param out         where the events go.
     * @param err         where the duplicates line goes.
     * @param replay      replay's walk.
     * @return the worst exit code of the journals' replays (0 for a topic with none).
     */
    public static int replay(final String from, final String host, final Path kafkaConfig, final String format,
        final boolean stats, final PrintStream out, final PrintStream err, final JournalReplay replay) throws IOException
    {
        KafkaClients.quietLogging();
        final KafkaUrl url;
        try
        {
            url = KafkaUrl.parse(from);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new FleetException(ex.getMessage());
        }
        try (KafkaJournals journals = new KafkaJournals(url, kafkaConfig, host))
        {
            journals.readToEnd();
            final List<KafkaJournals.Origin> origins = journals.origins();
            if (origins.isEmpty())
            {
                throw new FleetException("topic " + url.topic() + " at " + url.bootstrap() + " holds no journal" +
                    (host == null ? "" : " of host " + host));
            }
            int width = 0;
            for (final KafkaJournals.Origin origin : origins)
            {
                width = Math.max(width, origin.host().length());
            }
            final HostColumnOutput.Table table = stats || "json".equals(format) ? null :
                new HostColumnOutput.Table("csv".equals(format), width);
            int exit = 0;
            for (final KafkaJournals.Origin origin : origins)
            {
                final OutputStream column;
                if (table != null)
                {
                    column = new HostColumnOutput(out, table, origin.host());
                }
                else
                {
                    if (stats)
                    {
                        out.println("host " + origin.host() + ", journal " + origin.journal() + ":");
                    }
                    column = new NonClosing(out);
                }
                final PrintStream hostOut = new PrintStream(column, false, StandardCharsets.UTF_8);
                exit = Math.max(exit, replay.replay(origin.directory(),
                    url + " (host " + origin.host() + ", journal " + origin.journal() + ")", hostOut));
                hostOut.flush();
            }
            if (journals.duplicates() > 0)
            {
                err.println("ringcap: " + journals.duplicates() + " duplicate records from " + url +
                    " dropped (sent again by a restarted shipper)");
            }
            return exit;
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
}
