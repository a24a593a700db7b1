package io.ringcap.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.FleetJournals;
import io.ringcap.wire.ShipCheckpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ship --follow of a journal being written (cycle files rolling every second) while the broker is
 * stopped and started again: the writer never waits, the shipper says so in one line, pauses,
 * catches up, and replay from Kafka has every event once.
 */
final class KafkaBrokerRestartTest
{
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

    @Test
    void brokerStoppedMidShipThenStartedLosesNothing(@TempDir final Path dir) throws Exception
    {
        final Path journal = dir.resolve("live");
        final String url = broker.url("restart");
        final AtomicBoolean stop = new AtomicBoolean();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final AtomicInteger exit = new AtomicInteger(-1);
        final long[] written = {0};
        final long[] slowestAppendNs = {0};
        try (FleetJournals live = FleetJournals.create(journal, "alpha", TestRollCycles.TEST_SECONDLY))
        {
            live.events(1_000, 250);
            final Thread shipper = new Thread(() -> exit.set(ShipCommand.run(new String[] {"--journal", journal.toString(),
                "--to", url, "--follow"}, new PrintStream(err, true, StandardCharsets.UTF_8), stop::get)), "shipper");
            shipper.start();
            final long start = System.nanoTime();
            boolean stopped = false;
            boolean restarted = false;
            while (System.nanoTime() - start < 16_000_000_000L)
            {
                final long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                if (!stopped && elapsedMs > 3_000)
                {
                    broker.stop();
                    stopped = true;
                }
                if (stopped && !restarted && elapsedMs > 10_000)
                {
                    broker.restart();
                    restarted = true;
                }
                final long before = System.nanoTime();
                live.events(200, 100);
                slowestAppendNs[0] = Math.max(slowestAppendNs[0], System.nanoTime() - before);
                Thread.sleep(20);
            }
            live.summary();
            written[0] = live.written();
            final Path checkpoint = ShipCheckpoint.file(journal, "restart");
            final long deadline = System.nanoTime() + 90_000_000_000L;
            while (System.nanoTime() < deadline &&
                (!Files.exists(checkpoint) || ShipCheckpoint.read(checkpoint).events() < written[0]))
            {
                Thread.sleep(50);
            }
            stop.set(true);
            shipper.join(30_000);
        }
        assertEquals(0, exit.get(), err.toString(StandardCharsets.UTF_8));
        final String lines = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, lines.lines().filter(l -> l.contains("does not answer; pausing, retrying with backoff")).count(),
            "one line for the outage: " + lines);
        assertTrue(lines.lines().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")), "no stack trace: " + lines);
        // The broker is away for 7 s (stopped at 3 s, started at 10 s): a writer that waited for it would
        // block that long. 5 s tells the two apart without failing on a loaded 2-core box's slow roll.
        assertTrue(slowestAppendNs[0] < 5_000_000_000L, "the journal writer never waited for Kafka: slowest append " +
            slowestAppendNs[0] / 1_000_000 + " ms");
        final long duplicates = KafkaCounts.assertExactlyOnce(url, written[0]);
        System.out.println("broker restart: " + written[0] + " events, " + duplicates + " duplicates dropped; shipper said: " +
            lines.trim());
    }
}
