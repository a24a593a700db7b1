package io.ringcap.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.FleetJournals;
import io.ringcap.replay.MqNotifyRecord;
import io.ringcap.replay.RingSpan;
import io.ringcap.replay.TestJournalWriter;
import io.ringcap.replay.TraceeJsonRules;
import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.wire.ShipCheckpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ringcap ship and replay --from against a real broker: what replay prints from Kafka is what it
 * prints from the journal, host by host; bad input is one line and exit 2.
 */
final class KafkaFleetTest
{
    @TempDir
    static Path shared;
    private static KafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker()
    {
        broker = KafkaBroker.start(shared.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker()
    {
        if (broker != null)
        {
            broker.close();
        }
    }

    /** exit code, stdout, stderr */
    record Run(int exit, String out, String err)
    {
    }

    static Run replay(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = ReplayCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        if (TraceeJsonRules.writesJson(args))
        {
            TraceeJsonRules.checkLines(out.toString(StandardCharsets.UTF_8)); // every JSON line a suite writes
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run ship(final String... args)
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = ShipCommand.run(args, new PrintStream(err, true, StandardCharsets.UTF_8), () -> false);
        return new Run(exit, "", err.toString(StandardCharsets.UTF_8));
    }

    /** The table without its first column (HOST, padded to width). */
    static String withoutHostColumn(final String table, final int width)
    {
        return Arrays.stream(table.split("\n", -1)).map(line -> line.isEmpty() ? line : line.substring(width + 1))
            .collect(Collectors.joining("\n"));
    }

    @Test
    void replayFromKafkaPrintsExactlyWhatTheJournalPrints()
    {
        final Path journal = dir.resolve("alpha-journal");
        FleetJournals.write(journal, "alpha", 20_000, 700);
        final String url = broker.url("exact");

        final Run shipped = ship("--journal", journal.toString(), "--to", url);
        assertEquals(0, shipped.exit(), shipped.err());
        assertTrue(shipped.err().contains(" 20000 event records"), shipped.err());
        assertEquals(1, shipped.err().lines().count(), "the closing line only, no outage of a healthy broker: " + shipped.err());
        assertTrue(Files.isRegularFile(ShipCheckpoint.file(journal, "exact")));

        for (final String format : new String[] {"json", "table", "csv"})
        {
            final Run direct = replay("--journal", journal.toString(), "--format", format);
            final Run kafka = replay("--from", url, "--format", format);
            assertEquals(0, direct.exit(), direct.err());
            assertEquals(0, kafka.exit(), kafka.err());
            switch (format)
            {
                case "json" -> assertEquals(direct.out(), kafka.out(), "JSON byte for byte (hostName is in it)");
                case "table" -> assertEquals(direct.out(), withoutHostColumn(kafka.out(), "alpha".length()),
                    "the table, with a HOST column in front");
                default -> assertEquals(direct.out(), Arrays.stream(kafka.out().split("\n", -1))
                    .map(line -> line.isEmpty() ? line : line.substring(line.indexOf(',') + 1))
                    .collect(Collectors.joining("\n")), "CSV, with a host field in front");
            }
            assertEquals("json".equals(format) ? 20_000 : 20_001, kafka.out().split("\n").length,
                "20000 events, after the header in table and CSV");
            assertEquals("20000 events replayed from " + url + " (host alpha, journal alpha-journal) (journaled 20000, dropped 0)\n",
                kafka.err());
        }
        final Run table = replay("--from", url);
        assertTrue(table.out().startsWith("HOST  TIME"), table.out().substring(0, 40));
        assertTrue(table.out().split("\n")[1].startsWith("alpha "), table.out().split("\n")[1]);

        // shipped again: nothing new goes, nothing doubles
        final Run again = ship("--journal", journal.toString(), "--to", url);
        assertEquals(0, again.exit(), again.err());
        assertEquals(replay("--from", url, "--format", "json").out(), replay("--journal", journal.toString(),
            "--format", "json").out());
    }

    @Test
    void hostPicksOneHostsJournal()
    {
        final Path alpha = dir.resolve("a");
        final Path beta = dir.resolve("b");
        FleetJournals.write(alpha, "alpha", 3_000, 500);
        FleetJournals.write(beta, "beta-host-2", 4_000, 300);
        final String url = broker.url("two-hosts");
        assertEquals(0, ship("--journal", alpha.toString(), "--to", url).exit());
        assertEquals(0, ship("--journal", beta.toString(), "--to", url).exit());

        assertEquals(replay("--journal", alpha.toString(), "--format", "json").out(),
            replay("--from", url, "--host", "alpha", "--format", "json").out());
        assertEquals(replay("--journal", beta.toString(), "--format", "json").out(),
            replay("--from", url, "--host", "beta-host-2", "--format", "json").out());

        final Run both = replay("--from", url);
        assertEquals(0, both.exit(), both.err());
        final String[] lines = both.out().split("\n");
        assertEquals(1 + 3_000 + 4_000, lines.length, "one header, every event of both");
        assertEquals(3_000, Arrays.stream(lines).filter(l -> l.startsWith("alpha       ")).count());
        assertEquals(4_000, Arrays.stream(lines).filter(l -> l.startsWith("beta-host-2 ")).count());
        assertEquals("3000 events replayed from " + url + " (host alpha, journal a) (journaled 3000, dropped 0)\n" +
            "4000 events replayed from " + url + " (host beta-host-2, journal b) (journaled 4000, dropped 0)\n", both.err());

        final Run none = replay("--from", url, "--host", "gamma");
        assertEquals(2, none.exit());
        assertEquals("ringcap: topic two-hosts at " + broker.bootstrap() + " holds no journal of host gamma\n", none.err());
    }

    @Test
    void badUrlsAreOneLineAndExitTwo()
    {
        final Path journal = dir.resolve("j");
        FleetJournals.write(journal, "alpha", 10, 10);
        for (final String url : new String[] {"http://127.0.0.1:9092/t", "kafka://127.0.0.1/t", "kafka://127.0.0.1:9092",
            "kafka://127.0.0.1:99999/t", "kafka://127.0.0.1:9092/bad topic"})
        {
            final Run shipped = ship("--journal", journal.toString(), "--to", url);
            assertEquals(2, shipped.exit(), url);
            assertEquals(1, shipped.err().split("\n").length, shipped.err());
            assertTrue(shipped.err().startsWith("ringcap: invalid Kafka URL '" + url + "': "), shipped.err());
            final Run replayed = replay("--from", url);
            assertEquals(2, replayed.exit(), url);
            assertTrue(replayed.err().startsWith("ringcap: invalid Kafka URL '" + url + "': "), replayed.err());
            assertEquals(1, replayed.err().split("\n").length, replayed.err());
        }
        assertTrue(Files.notExists(ShipCheckpoint.file(journal, "t")), "nothing shipped, no checkpoint");
    }

    @Test
    void anUnreachableBrokerIsOneLineAndExitTwo() throws Exception
    {
        final Path journal = dir.resolve("j");
        FleetJournals.write(journal, "alpha", 10, 10);
        final Path config = dir.resolve("client.properties");
        Files.writeString(config, "default.api.timeout.ms=3000\n");
        final String url = "kafka://127.0.0.1:" + KafkaBroker.freePort() + "/t";
        final long start = System.nanoTime();
        final Run shipped = ship("--journal", journal.toString(), "--to", url, "--kafka-config", config.toString());
        assertEquals(2, shipped.exit(), shipped.err());
        assertEquals("ringcap: cannot reach Kafka at " + url.substring(8, url.lastIndexOf('/')) +
            ": no answer in 3 s\n", shipped.err());
        final Run replayed = replay("--from", url, "--kafka-config", config.toString());
        assertEquals(2, replayed.exit(), replayed.err());
        assertEquals("ringcap: cannot reach Kafka at " + url.substring(8, url.lastIndexOf('/')) + ": no answer in 3 s\n",
            replayed.err());
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "gives up in the timeout asked for");
        assertTrue(Files.notExists(ShipCheckpoint.file(journal, "t")), "nothing shipped, no checkpoint");
    }

    /**
     * A topic the broker refuses to create: Kafka keeps '.' and '_' apart in names but not in its
     * metric names, so once fleet.a exists, fleet_a collides with it. One line saying so, exit 2,
     * no checkpoint (nothing counts as shipped), and the topic that exists is untouched.
     */
    @Test
    void aTopicThatCannotBeCreatedIsOneLineAndExitTwo()
    {
        final Path first = dir.resolve("first");
        final Path second = dir.resolve("second");
        FleetJournals.write(first, "alpha", 100, 50);
        FleetJournals.write(second, "beta", 200, 50);
        assertEquals(0, ship("--journal", first.toString(), "--to", broker.url("fleet.a")).exit());

        final Run refused = ship("--journal", second.toString(), "--to", broker.url("fleet_a"));
        assertEquals(2, refused.exit(), refused.err());
        assertEquals("ringcap: cannot create topic fleet_a at " + broker.bootstrap() +
            ": Topic 'fleet_a' collides with existing topic: fleet.a\n", refused.err());
        assertTrue(Files.notExists(ShipCheckpoint.file(second, "fleet_a")), "nothing shipped, no checkpoint");

        final Run existing = replay("--from", broker.url("fleet.a"), "--format", "json");
        assertEquals(0, existing.exit(), existing.err());
        assertEquals(replay("--journal", first.toString(), "--format", "json").out(), existing.out(), "only the first journal");
        // the refused journal ships once the topic is one that can be
        assertEquals(0, ship("--journal", second.toString(), "--to", broker.url("fleet-b")).exit());
        assertEquals(replay("--journal", second.toString(), "--format", "json").out(),
            replay("--from", broker.url("fleet-b"), "--format", "json").out());
    }

    @Test
    void notAJournalIsOneLineAndExitTwo() throws Exception
    {
        final Path empty = Files.createDirectories(dir.resolve("empty"));
        final Run shipped = ship("--journal", empty.toString(), "--to", broker.url("t"));
        assertEquals(2, shipped.exit());
        assertEquals(1, shipped.err().split("\n").length, shipped.err());
        assertTrue(shipped.err().startsWith("ringcap: "), shipped.err());

        final Run missingTopic = replay("--from", broker.url("no-such-topic"));
        assertEquals(2, missingTopic.exit());
        assertEquals("ringcap: topic no-such-topic does not exist at " + broker.bootstrap() + " (ringcap ship creates it)\n",
            missingTopic.err());

        final Run both = replay("--from", broker.url("t"), "--journal", empty.toString());
        assertEquals(2, both.exit());
        assertEquals("ringcap: --from and --journal name two sources: give one\n", both.err());
    }
    /**
     * ringcap ship on a journal whose Chronicle listing names a cycle file deleted since (a capture
     * killed between a retention delete and the listing's refresh, or old files deleted by hand):
     * it ships every excerpt still on disk, and after its checkpoint's own cycle file is gone too,
     * goes on from the next file, each event reaching Kafka once. It changes no file of the journal
     * but its checkpoint, whose cycle file is the one its last acknowledged excerpt is in.
     * Before the fix: the first ship stopped at "journal ... is empty" (exit 2); with the reader
     * fixed alone, the shipper's own tailer, sent to the listing's first cycle (toStart), shipped
     * nothing; and the checkpoint named 19700102F.cq4 for a 2026-11-23 file (an int overflow).
     */
    @Test
    void shipsEveryExcerptLeftWhenTheListingNamesDeletedCycleFiles() throws Exception
    {
        final Path journal = dir.resolve("listing");
        final SetTimeProvider clock = new SetTimeProvider(Instant.parse("2026-11-22T01:00:00Z"));
        int n = 0;
        try (TestJournalWriter writer = TestJournalWriter.create(journal, RollCycles.FAST_DAILY, clock))
        {
            n = day(writer, clock, true, n);
            n = day(writer, clock, false, n);
        }
        Files.delete(journal.resolve("20261122F.cq4"));
        final String url = broker.url("listing");
        final List<String> before = journalFiles(journal);

        final Run first = ship("--journal", journal.toString(), "--to", url);
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.err().contains(": 5 blocks, 10 event records in all, "), first.err());
        assertEquals("20261123F.cq4", ShipCheckpoint.read(ShipCheckpoint.file(journal, "listing")).cycleFile());
        assertEquals(before, journalFiles(journal), "ship changed no file but its checkpoint");
        final Run shipped = replay("--from", url, "--format", "csv");
        assertEquals(0, shipped.exit(), shipped.err());
        assertEquals(IntStream.range(10, 20).boxed().toList(), mqdes(shipped.out()));

        // The capture goes on for two more days; then the 23rd, where the checkpoint is, is deleted too.
        try (TestJournalWriter writer = TestJournalWriter.create(journal, RollCycles.FAST_DAILY, clock))
        {
            writer.skipRecords(n);
            n = day(writer, clock, false, n);
            n = day(writer, clock, false, n);
            writer.summary(n, n, 0);
        }
        Files.delete(journal.resolve("20261123F.cq4"));
        final List<String> later = journalFiles(journal);

        final Run second = ship("--journal", journal.toString(), "--to", url);
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.err().contains(": 16 blocks, 30 event records in all, "), second.err());
        assertEquals("20261125F.cq4", ShipCheckpoint.read(ShipCheckpoint.file(journal, "listing")).cycleFile());
        assertEquals(later, journalFiles(journal), "ship changed no file but its checkpoint");
        final Run all = replay("--from", url, "--format", "csv");
        assertEquals(0, all.exit(), all.err());
        assertEquals(IntStream.range(10, 40).boxed().toList(), mqdes(all.out()), "each event once, in order");
        assertEquals("30 events replayed from " + url + " (host build-7, journal listing) (journaled 40, dropped 0)\n",
            all.err());
    }

    /** One daily cycle file: METADATA (restated after the first), tables, two EVENTS blocks of five mq_notify. */
    private static int day(final TestJournalWriter writer, final SetTimeProvider clock, final boolean first, final int from)
    {
        if (first)
        {
            writer.metadata(TestJournalWriter.metadata(FleetJournals.BOOT_TO_WALL_NS));
        }
        else
        {
            clock.advanceMillis(TimeUnit.DAYS.toMillis(1));
            writer.restatedMetadata(TestJournalWriter.metadata(FleetJournals.BOOT_TO_WALL_NS));
        }
        writer.cgroups(Map.of(4711L, "/a")).processes(Map.of(4242, "/bin/x"));
        int n = from;
        for (int block = 0; block < 2; block++)
        {
            final RingSpan span = new RingSpan();
            for (int i = 0; i < 5; i++, n++)
            {
                final long entry = FleetJournals.FIRST_ENTRY_NS + n * 1_000_000L;
                span.record(new MqNotifyRecord().mqdes(n).entryNs(entry).exitNs(entry + 1_000).build());
            }
            writer.events(span);
        }
        return n;
    }

    /** The journal's files but ship's checkpoints: name, size, modification time. */
    private static List<String> journalFiles(final Path journal) throws java.io.IOException
    {
        final List<String> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(journal))
        {
            for (final Path file : list.sorted().toList())
            {
                if (!file.getFileName().toString().endsWith(".checkpoint"))
                {
                    files.add(file.getFileName() + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toInstant());
                }
            }
        }
        return files;
    }

    private static List<Integer> mqdes(final String csv)
    {
        final List<Integer> seen = new ArrayList<>();
        final Matcher matcher = Pattern.compile("mqdes=(\\d+)").matcher(csv);
        while (matcher.find())
        {
            seen.add(Integer.parseInt(matcher.group(1)));
        }
        return seen;
    }
}
