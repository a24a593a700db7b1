package io.ringcap.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.FleetJournals;
import io.ringcap.wire.ShipCheckpoint;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a shipper in the middle of a 1,000,000-event journal, then a restart: from its
 * checkpoint, and replay from Kafka has each event exactly once (what the broker had acknowledged
 * past the checkpoint comes again and is dropped by origin).
 */
final class KafkaShipperCrashTest
{
    private static final long EVENTS = 1_000_000;

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
    void killNineThenRestartShipsEveryEventOnce(@TempDir final Path dir) throws Exception
    {
        final Path journal = dir.resolve("crash-journal");
        FleetJournals.write(journal, "alpha", EVENTS, 500);
        // one block per request, one request at a time: slow enough to be killed in the middle
        final Path slow = dir.resolve("slow.properties");
        Files.writeString(slow, "batch.size=16384\nmax.in.flight.requests.per.connection=1\nlinger.ms=0\n");
        final String url = broker.url("crash");
        final Path checkpoint = ShipCheckpoint.file(journal, "crash");

        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle"))
            {
                command.add(arg);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ShipCommand.class.getName(),
            "--journal", journal.toString(), "--to", url, "--kafka-config", slow.toString()));
        final Process shipper = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve("shipper.out").toFile()).start();
        long shippedAtKill = -1;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && shipper.isAlive())
        {
            final ShipCheckpoint at = Files.exists(checkpoint) ? ShipCheckpoint.read(checkpoint) : null;
            if (at != null && at.events() >= 100_000)
            {
                shipper.destroyForcibly(); // SIGKILL
                shipper.waitFor(10, TimeUnit.SECONDS);
                shippedAtKill = ShipCheckpoint.read(checkpoint).events();
                break;
            }
            Thread.sleep(5);
        }
        assertTrue(shippedAtKill > 0 && shippedAtKill < EVENTS,
            "killed in the middle: " + shippedAtKill + " events checkpointed; " + Files.readString(dir.resolve("shipper.out")));

        final KafkaFleetTest.Run restarted = KafkaFleetTest.ship("--journal", journal.toString(), "--to", url);
        assertEquals(0, restarted.exit(), restarted.err());
        assertEquals(EVENTS, ShipCheckpoint.read(checkpoint).events());

        final long duplicates = KafkaCounts.assertExactlyOnce(url, EVENTS);
        System.out.println("kill -9 at " + shippedAtKill + " events checkpointed; " + duplicates +
            " duplicate records dropped on replay");
        final KafkaFleetTest.Run stats = KafkaFleetTest.replay("--from", url, "--stats");
        assertEquals(0, stats.exit(), stats.err());
        assertTrue(stats.err().contains("1000000 events replayed from " + url), stats.err());
        assertTrue(new File(checkpoint.toString()).canRead());
    }
}
