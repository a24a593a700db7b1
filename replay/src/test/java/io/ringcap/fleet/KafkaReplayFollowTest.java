package io.ringcap.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.FleetJournals;
import io.ringcap.replay.TraceeJsonRules;
import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.wire.ShipCheckpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * replay --from with --follow, --since and -n, and ship --follow across a new capture segment,
 * against a real broker: exact events, exact counts.
 */
final class KafkaReplayFollowTest
{
    private static final long WAIT_NS = 90_000_000_000L;

    @TempDir
    static Path shared;
    private static KafkaBroker broker;

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

    /** A command running on a thread of its own until its stop is set. */
    static final class Running
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger exit = new AtomicInteger(-1);
        Thread thread;
        String[] replayArgs; // null for a ship

        static Running replay(final String... args)
        {
            final Running running = new Running();
            running.replayArgs = args;
            running.thread = new Thread(() -> running.exit.set(ReplayCommand.run(args,
                new PrintStream(running.out, true, StandardCharsets.UTF_8), new PrintStream(running.err, true, StandardCharsets.UTF_8),
                Clock.systemUTC(), running.stop::get)), "replay-follow");
            running.thread.start();
            return running;
        }

        static Running ship(final String... args)
        {
            final Running running = new Running();
            running.thread = new Thread(() -> running.exit.set(ShipCommand.run(args,
                new PrintStream(running.err, true, StandardCharsets.UTF_8), running.stop::get)), "ship-follow");
            running.thread.start();
            return running;
        }

        long lines()
        {
            return out.toString(StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
        }

        void awaitLines(final long lines) throws InterruptedException
        {
            final long deadline = System.nanoTime() + WAIT_NS;
            while (lines() < lines && System.nanoTime() < deadline && thread.isAlive())
            {
                Thread.sleep(20);
            }
            assertEquals(lines, lines(), "lines printed so far; stderr: " + err.toString(StandardCharsets.UTF_8));
        }

        int stop() throws InterruptedException
        {
            stop.set(true);
            thread.join(60_000);
            assertTrue(!thread.isAlive(), "stopped");
            if (null != replayArgs && TraceeJsonRules.writesJson(replayArgs))
            {
                TraceeJsonRules.checkLines(out.toString(StandardCharsets.UTF_8)); // every JSON line a suite writes
            }
            return exit.get();
        }
    }

    static void awaitShipped(final Path journal, final String topic, final long events) throws InterruptedException
    {
        final Path checkpoint = ShipCheckpoint.file(journal, topic);
        final long deadline = System.nanoTime() + WAIT_NS;
        while (System.nanoTime() < deadline && (!Files.exists(checkpoint) || ShipCheckpoint.read(checkpoint).events() < events))
        {
            Thread.sleep(20);
        }
        assertEquals(events, ShipCheckpoint.read(checkpoint).events(), "events acknowledged");
    }

    @Test
    void followPrintsEveryEventOnceAsItArrivesAcrossAShipperStartedAgainFromScratch(@TempDir final Path dir) throws Exception
    {
        final Path journal = dir.resolve("live");
        final String url = broker.url("follow");
        final Running replay;
        final long shippedFirst;
        try (FleetJournals live = FleetJournals.create(journal, "alpha"))
        {
            live.events(2_000, 250);
            Running shipper = Running.ship("--journal", journal.toString(), "--to", url, "--follow");
            awaitShipped(journal, "follow", 2_000); // the topic is there
            replay = Running.replay("--from", url, "--follow", "--format", "json");
            replay.awaitLines(2_000);
            live.events(3_000, 300);
            replay.awaitLines(5_000);
            awaitShipped(journal, "follow", 5_000);

            // the shipper stopped, its checkpoint removed and started again: it sends every block again
            assertEquals(0, shipper.stop(), shipper.err.toString(StandardCharsets.UTF_8));
            shippedFirst = ShipCheckpoint.read(ShipCheckpoint.file(journal, "follow")).excerpts();
            Files.delete(ShipCheckpoint.file(journal, "follow"));
            shipper = Running.ship("--journal", journal.toString(), "--to", url, "--follow");
            live.events(1_000, 100);
            live.summary();
            replay.awaitLines(6_000);
            awaitShipped(journal, "follow", 6_000);
            assertEquals(0, shipper.stop(), shipper.err.toString(StandardCharsets.UTF_8));
        }
        Thread.sleep(2_000); // the follower polls what is left on the topic (the copies): nothing more may print
        assertEquals(0, replay.stop(), replay.err.toString(StandardCharsets.UTF_8));
        assertEquals(3 + 8 + 10, shippedFirst, "METADATA, CGROUPS, PROCESSES and 18 EVENTS blocks shipped before the restart");
        assertEquals(KafkaFleetTest.replay("--journal", journal.toString(), "--format", "json").out(),
            replay.out.toString(StandardCharsets.UTF_8), "every event once, in journal order");
        assertEquals("6000 events replayed from " + url + " (host alpha, journal live) (journaled 6000, dropped 0)\n" +
            "ringcap: 21 duplicate records from " + url + " dropped (sent again by a restarted shipper)\n",
            replay.err.toString(StandardCharsets.UTF_8));
    }

    /**
     * A host whose METADATA reaches the topic before its tables (its shipper ran while its capture was
     * starting): the follower opens that host's journal only once a block past the head is in, so the
     * host's rows have the CONTAINER column a replay of its journal has. Before, the walk opened on the
     * METADATA alone, decided there was no container, and printed every row of that host without one.
     */
    @Test
    void aHostWhoseTablesArriveAfterItsMetadataKeepsItsContainerColumn(@TempDir final Path dir) throws Exception
    {
        final Path journal = dir.resolve("late");
        final String url = broker.url("follow-late-tables");
        final Running replay;
        try (FleetJournals late = FleetJournals.createHeadless(journal, "late-tables"))
        {
            assertEquals(0, KafkaFleetTest.ship("--journal", journal.toString(), "--to", url).exit());
            replay = Running.replay("--from", url, "--follow");
            Thread.sleep(3_000); // the follower has met the host by its METADATA: the old walk opened here
            late.tables().events(20, 10).summary();
        }
        assertEquals(0, KafkaFleetTest.ship("--journal", journal.toString(), "--to", url).exit());
        replay.awaitLines(1 + 20);
        assertEquals(0, replay.stop(), replay.err.toString(StandardCharsets.UTF_8));

        final List<String> expected =
            Arrays.asList(KafkaFleetTest.replay("--journal", journal.toString()).out().split("\n")).subList(1, 21);
        assertTrue(expected.get(0).contains(" abababababab mq_notify_cases "), expected.get(0));
        assertEquals(expected, Arrays.stream(replay.out.toString(StandardCharsets.UTF_8).split("\n"))
            .filter(l -> l.startsWith("late-tables  ")).map(l -> l.substring(13)).toList());
    }

    @Test
    void followOfTwoHostsInterleavesWholeLinesAndStopsAfterN(@TempDir final Path dir) throws Exception
    {
        final Path alpha = dir.resolve("a");
        final Path beta = dir.resolve("b");
        FleetJournals.write(alpha, "alpha", 3_000, 500);
        final String url = broker.url("follow-two");
        assertEquals(0, KafkaFleetTest.ship("--journal", alpha.toString(), "--to", url).exit());

        final Running replay = Running.replay("--from", url, "--follow");
        replay.awaitLines(1 + 3_000);
        FleetJournals.write(beta, "beta-host-2", 4_000, 300); // a host that starts shipping while replay follows
        assertEquals(0, KafkaFleetTest.ship("--journal", beta.toString(), "--to", url).exit());
        replay.awaitLines(1 + 3_000 + 4_000);
        assertEquals(0, replay.stop(), replay.err.toString(StandardCharsets.UTF_8));
        final String[] lines = replay.out.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines[0].startsWith("HOST         TIME"), "a column of 12 at least with --follow: " + lines[0]);
        assertEquals(3_000, Arrays.stream(lines).filter(l -> l.startsWith("alpha        ")).count());
        assertEquals(4_000, Arrays.stream(lines).filter(l -> l.startsWith("beta-host-2  ")).count());
        assertEquals(Arrays.asList(KafkaFleetTest.replay("--journal", beta.toString()).out().split("\n")).subList(1, 4_001),
            Arrays.stream(lines).filter(l -> l.startsWith("beta-host-2  ")).map(l -> l.substring(13)).toList(),
            "beta's lines whole and in order");

        // -n with --follow: the events of both hosts count, and the replay ends by itself
        final Running limited = Running.replay("--from", url, "--follow", "-n", "5000", "--format", "json");
        limited.thread.join(WAIT_NS / 1_000_000);
        assertEquals(0, limited.exit.get(), limited.err.toString(StandardCharsets.UTF_8));
        assertEquals(5_000, limited.lines(), "5000 events of the two hosts, then the end");
    }

    @Test
    void maxEventsCountsTheEventsOfEveryHost(@TempDir final Path dir)
    {
        final Path alpha = dir.resolve("a");
        final Path beta = dir.resolve("b");
        FleetJournals.write(alpha, "alpha", 3_000, 500);
        FleetJournals.write(beta, "beta-host-2", 4_000, 300);
        final String url = broker.url("max-events");
        assertEquals(0, KafkaFleetTest.ship("--journal", alpha.toString(), "--to", url).exit());
        assertEquals(0, KafkaFleetTest.ship("--journal", beta.toString(), "--to", url).exit());

        final KafkaFleetTest.Run both = KafkaFleetTest.replay("--from", url, "-n", "3500", "--format", "json");
        assertEquals(0, both.exit(), both.err());
        final String alphaAll = KafkaFleetTest.replay("--journal", alpha.toString(), "--format", "json").out();
        final String betaFirst = KafkaFleetTest.replay("--journal", beta.toString(), "--format", "json", "-n", "500").out();
        assertEquals(alphaAll + betaFirst, both.out(), "alpha's 3000, then beta's first 500");
        assertEquals("3000 events replayed from " + url + " (host alpha, journal a) (journaled 3000, dropped 0)\n" +
            "500 events replayed from " + url + " (host beta-host-2, journal b) (stopped after -n 3500)\n", both.err());

        final KafkaFleetTest.Run few = KafkaFleetTest.replay("--from", url, "-n", "100", "--format", "json");
        assertEquals(0, few.exit(), few.err());
        assertEquals(KafkaFleetTest.replay("--journal", alpha.toString(), "--format", "json", "-n", "100").out(), few.out());
        assertEquals("100 events replayed from " + url + " (host alpha, journal a) (stopped after -n 100)\n", few.err(),
            "beta is not read at all once -n is spent");

        final KafkaFleetTest.Run bad = KafkaFleetTest.replay("--from", url, "-n", "0");
        assertEquals(2, bad.exit());
        assertEquals("ringcap: invalid value for option '-n': 0 (a count of events, 1 or more)\n", bad.err());
    }

    @Test
    void sinceSeeksThroughKafkasTimeIndex(@TempDir final Path dir)
    {
        // 10,000 events 1 ms apart, 100 to a block: block k holds events 100k .. 100k+99
        final Path journal = dir.resolve("timed");
        try (FleetJournals timed = FleetJournals.create(journal, "alpha").spacing(1_000_000))
        {
            timed.events(10_000, 100);
            timed.summary();
        }
        final String url = broker.url("since");
        assertEquals(0, KafkaFleetTest.ship("--journal", journal.toString(), "--to", url).exit());
        final long event5050Ns = FleetJournals.BOOT_TO_WALL_NS + FleetJournals.FIRST_ENTRY_NS + 5_050 * 1_000_000L;
        final String since = Instant.ofEpochSecond(0, event5050Ns).toString();

        try (KafkaJournals journals = new KafkaJournals(KafkaUrl.parse(url), null, null, event5050Ns))
        {
            journals.readToEnd();
            assertTrue(journals.seeked());
            // offsets: METADATA 0, CGROUPS 1, PROCESSES 2, EVENTS blocks 3 .. 102, SUMMARY 103; block 50 (offset
            // 53) is the first whose latest event (5099) is not before event 5050
            assertEquals(Map.of(new TopicPartition("since", 0), 53L), journals.startOffsets());
            assertEquals(51, journals.records(), "50 EVENTS blocks and the SUMMARY read from the topic, not 104");
            assertEquals(3 + 51, journals.origins().get(0).excerpts(), "the tables from the companion topic, then those");
        }
        for (final String format : new String[] {"json", "table"})
        {
            final KafkaFleetTest.Run direct = KafkaFleetTest.replay("--journal", journal.toString(), "--since", since, "--format",
                format);
            final KafkaFleetTest.Run kafka = KafkaFleetTest.replay("--from", url, "--since", since, "--format", format);
            assertEquals(0, kafka.exit(), kafka.err());
            assertEquals(direct.out(), "json".equals(format) ? kafka.out() : KafkaFleetTest.withoutHostColumn(kafka.out(),
                "alpha".length()));
            assertEquals(("json".equals(format) ? 0 : 1) + 10_000 - 5_050, kafka.out().split("\n").length);
        }
        final KafkaFleetTest.Run kafka = KafkaFleetTest.replay("--from", url, "--since", since, "--format", "json");
        assertEquals("5000 events replayed from " + url + " (host alpha, journal timed), 4950 matched the filters " +
            "(journaled 10000, dropped 0)\n", kafka.err(), "the events of the 50 blocks read from the seek point on");

        final String late = Instant.ofEpochSecond(0, event5050Ns + 3_600_000_000_000L).toString();
        final KafkaFleetTest.Run none = KafkaFleetTest.replay("--from", url, "--since", late, "--format", "json");
        assertEquals(0, none.exit(), none.err());
        assertEquals("", none.out(), "nothing that late");
        assertEquals("0 events replayed from " + url + " (no record at or after the --since time)\n", none.err());
    }

    /**
     * A quiet journal is no outage: after 7 s without new events (more than the 5 s after which a
     * send without an acknowledgement is reported), the next events go out and the shipper says
     * nothing but its closing line. (It said the broker did not answer, of a healthy broker.)
     */
    @Test
    void shipFollowOfAQuietJournalReportsNoOutage(@TempDir final Path dir) throws Exception
    {
        final Path journal = dir.resolve("quiet");
        final String url = broker.url("quiet");
        try (FleetJournals live = FleetJournals.create(journal, "alpha"))
        {
            live.events(500, 250);
            final Running shipper = Running.ship("--journal", journal.toString(), "--to", url, "--follow");
            awaitShipped(journal, "quiet", 500);
            Thread.sleep(7_000);
            live.events(500, 250);
            awaitShipped(journal, "quiet", 1_000);
            Thread.sleep(7_000);
            live.events(100, 100);
            live.summary();
            awaitShipped(journal, "quiet", 1_100);
            Thread.sleep(500); // the shipper's idle loop looks at its acknowledgements again
            assertEquals(0, shipper.stop(), shipper.err.toString(StandardCharsets.UTF_8));
            final List<String> lines = shipper.err.toString(StandardCharsets.UTF_8).lines().toList();
            assertEquals(1, lines.size(), "the closing line only: " + lines);
            assertTrue(lines.get(0).startsWith("ringcap: shipped " + journal + " to " + url + ": "), lines.get(0));
            assertTrue(lines.get(0).contains(" 1100 event records in all"), lines.get(0));
        }
    }

    @Test
    void shipFollowCrossesANewCaptureSegmentAndCycleRolls(@TempDir final Path dir) throws Exception
    {
        final Path journal = dir.resolve("segments");
        final String url = broker.url("segments");
        try (FleetJournals live = FleetJournals.create(journal, "alpha", TestRollCycles.TEST_SECONDLY))
        {
            live.events(1_000, 250);
            final Running shipper = Running.ship("--journal", journal.toString(), "--to", url, "--follow");
            awaitShipped(journal, "segments", 1_000);
            Thread.sleep(1_100); // a cycle roll
            live.events(1_000, 250);
            live.summary();
            awaitShipped(journal, "segments", 2_000);
            live.segment(FleetJournals.BOOT_TO_WALL_NS + 60_000_000_000L); // a second capture appends
            Thread.sleep(1_100);
            live.events(1_500, 300);
            live.summary();
            awaitShipped(journal, "segments", 3_500);
            assertEquals(0, shipper.stop(), shipper.err.toString(StandardCharsets.UTF_8));
            assertEquals(2, ShipCheckpoint.read(ShipCheckpoint.file(journal, "segments")).segment(), "two segments shipped");
        }
        final KafkaFleetTest.Run direct = KafkaFleetTest.replay("--journal", journal.toString(), "--format", "json");
        final KafkaFleetTest.Run kafka = KafkaFleetTest.replay("--from", url, "--format", "json");
        assertEquals(0, kafka.exit(), kafka.err());
        assertEquals(direct.out(), kafka.out(), "both segments' events, each with its own clock");
        assertEquals(3_500, kafka.out().split("\n").length);
        assertTrue(direct.err().contains("(2 segments; "), direct.err());
        assertEquals(direct.err().replace(journal.toString(), url + " (host alpha, journal segments)"), kafka.err());
    }
}
