package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.bpf.BpfConfig;
import io.ringcap.fleet.KafkaBroker;
import io.ringcap.fleet.ShipCommand;
import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.wire.ConfigLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.ShipCheckpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet acceptance of issue 13 on the real kernel, with a real broker the test starts on
 * 127.0.0.1 (a free port): a broker stopped and started again while a live capture is shipped with
 * {@code ship --follow} (the capture drops nothing, every event reaches Kafka once); two captures
 * run under two host names, shipped to one topic, split exactly by {@code replay --from --host}.
 */
class FleetLiveCaptureTest
{
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(120);

    @TempDir
    static Path shared;
    private static KafkaBroker broker;

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @BeforeAll
    static void startBroker()
    {
        KernelTests.requireBpf(); // no broker for tests that cannot run
        broker = KafkaBroker.start(shared.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker()
    {
        if (null != broker)
        {
            broker.close();
        }
    }

    /** exit code, stdout, stderr */
    record Run(int exit, String out, String err)
    {
    }

    @Test
    void aBrokerStoppedDuringALiveCaptureShippedWithFollowLosesNothing() throws Exception
    {
        final Path journal = temp.resolve("live");
        final String url = broker.url("live");
        // about 16 s of bursts, 10 a second: the capture is live all the while the broker is away
        final String load = KernelTests.nativeBin("mq_load").toString();
        final List<String> workload = List.of("sh", "-c",
            "i=0; while [ $i -lt 150 ]; do " + load + " -n 200 >/dev/null || exit 1; sleep 0.1; i=$((i+1)); done");
        final CaptureSession session = new CaptureSession(CaptureOptions.of(journal, workload, 1 << 24)
            .withBpfConfig(new BpfConfig(0, 0, ConfigLayout.ANY_UID, 0, null, 1L << EventType.MQ_NOTIFY, 0, false)));
        final BackgroundCapture capture = BackgroundCapture.startAttached(session);

        final AtomicBoolean stopShipping = new AtomicBoolean();
        final ByteArrayOutputStream shipErr = new ByteArrayOutputStream();
        final AtomicInteger shipExit = new AtomicInteger(-1);
        final Thread shipper = new Thread(() -> shipExit.set(ShipCommand.run(new String[] {"--journal", journal.toString(),
            "--to", url, "--follow"}, new PrintStream(shipErr, true, StandardCharsets.UTF_8), stopShipping::get)), "ship-follow");
        shipper.start();
        final long start = System.nanoTime();
        final Path checkpoint = ShipCheckpoint.file(journal, "live");
        try
        {
            // the shipper is under way (topic made, events acknowledged) while the capture runs; then the broker goes
            while (shipped(checkpoint) <= 0 && System.nanoTime() - start < WAIT_NS && shipper.isAlive())
            {
                Thread.sleep(20);
            }
            assertTrue(shipped(checkpoint) > 0, "the shipper shipped: " + shipErr);
            assertTrue(null == capture.join(0), "the capture is still running");
            broker.stop();
            final long stoppedAfterMs = (System.nanoTime() - start) / 1_000_000;
            Thread.sleep(6_000);
            assertTrue(shipper.isAlive(), "the shipper waits for the broker: " + shipErr);
            broker.restart();
            System.out.printf("broker stopped %d ms after the capture attached, started again at %d ms%n",
                stoppedAfterMs, (System.nanoTime() - start) / 1_000_000);

            CaptureResult result = null;
            while (null == result && System.nanoTime() - start < WAIT_NS)
            {
                result = capture.join(30_000);
            }
            assertNotNull(result, "the capture ended with its workload");
            assertEquals(0, result.commandExitCode());
            assertEquals(0, result.eventsDropped(), "the capture never waited for Kafka");
            assertEquals(result.eventsSubmitted(), result.eventsJournaled());
            assertEquals(150 * 200, result.eventsJournaled(), "150 bursts of mq_load -n 200: 200 mq_notify calls each");

            while (System.nanoTime() - start < 2 * WAIT_NS && shipped(checkpoint) < result.eventsJournaled() && shipper.isAlive())
            {
                Thread.sleep(50);
            }
            assertEquals(result.eventsJournaled(), shipped(checkpoint), "shipping caught up: " + shipErr);
            stopShipping.set(true);
            shipper.join(60_000);
            assertEquals(0, shipExit.get(), shipErr.toString(StandardCharsets.UTF_8));
            final List<String> lines = shipErr.toString(StandardCharsets.UTF_8).lines().toList();
            assertEquals(2, lines.size(), "the outage line, then the closing line: " + lines);
            assertEquals("ringcap: ship: Kafka at " + broker.bootstrap() + " does not answer; pausing, retrying with backoff " +
                "(the journal keeps the events)", lines.get(0));
            assertTrue(lines.get(1).contains(" " + result.eventsJournaled() + " event records in all"), lines.get(1));

            final Run direct = replay("--journal", journal.toString(), "--format", "json");
            final Run kafka = replay("--from", url, "--format", "json");
            assertEquals(0, kafka.exit(), kafka.err());
            assertEquals(result.eventsJournaled(), kafka.out().lines().count(), "every event once: " + kafka.err());
            assertEquals(direct.out(), kafka.out(), "the same events, arguments and order as the journal");
            System.out.println("live capture: " + result.summaryLine() + "; ship: " + String.join(" / ", lines) +
                "; replay --from: " + kafka.err().trim());
        }
        finally
        {
            stopShipping.set(true);
            capture.stop();
        }
    }

    @Test
    void twoCapturesUnderTwoHostNamesAreSplitExactlyByHost() throws Exception
    {
        final Path here = temp.resolve("here");
        final CaptureResult first = new CaptureSession(CaptureOptions.of(here,
            List.of(KernelTests.nativeBin("mq_notify_cases").toString(), temp.resolve("here.txt").toString()), 1 << 22)).run();
        assertEquals(0, first.eventsDropped());
        final String thisHost;
        try (JournalReader reader = JournalReader.open(here))
        {
            thisHost = reader.metadata().hostName();
        }
        final String otherHost = "ringcap-web-2";
        assertNotEquals(otherHost, thisHost);

        // the second capture in a UTS namespace of its own, named otherHost: as on another machine
        final Path there = temp.resolve("there");
        final List<String> capture = ChildJvm.command(true, CaptureCommand.class.getName(), List.of("--journal",
            there.toString(), "-q", "-e", "ipc_msgq", "--", KernelTests.nativeBin("mq_load").toString(), "-n", "50"));
        final List<String> command = new ArrayList<>(List.of("unshare", "-u", "sh", "-c", "hostname " + otherHost +
            " && exec \"$@\"", "sh"));
        command.addAll(capture);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(temp.resolve("there.out").toFile()).start();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), Files.readString(temp.resolve("there.out")));
        try (JournalReader reader = JournalReader.open(there))
        {
            assertEquals(otherHost, reader.metadata().hostName());
            assertEquals(0, reader.summary().eventsDropped());
        }
        // this host stays as it was
        assertEquals(thisHost, Files.readString(Path.of("/proc/sys/kernel/hostname")).trim());

        final String url = broker.url("two-hosts");
        for (final Path journal : List.of(here, there))
        {
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(0, ShipCommand.run(new String[] {"--journal", journal.toString(), "--to", url},
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> false), err.toString(StandardCharsets.UTF_8));
        }

        final Run hereOnly = replay("--from", url, "--host", thisHost, "--format", "json");
        final Run thereOnly = replay("--from", url, "--host", otherHost, "--format", "json");
        final Run hereDirect = replay("--journal", here.toString(), "--format", "json");
        final Run thereDirect = replay("--journal", there.toString(), "--format", "json");
        assertEquals(hereDirect.out(), hereOnly.out(), "--host " + thisHost + ": that capture's events, all of them");
        assertEquals(thereDirect.out(), thereOnly.out(), "--host " + otherHost + ": that capture's events, all of them");
        final long hereEvents = hereDirect.out().lines().count();
        final long thereEvents = thereDirect.out().lines().count();
        assertEquals(first.eventsJournaled(), hereEvents);
        assertEquals(1 + 1 + 50, thereEvents, "mq_load -n 50: mq_open, mq_unlink and 50 mq_notify calls");

        final Run both = replay("--from", url);
        assertEquals(0, both.exit(), both.err());
        final String[] lines = both.out().split("\n");
        assertEquals(1 + hereEvents + thereEvents, lines.length, "one header, every event of both hosts");
        final int width = Math.max("HOST".length(), Math.max(thisHost.length(), otherHost.length()));
        assertEquals(hereEvents, Arrays.stream(lines).filter(l -> l.startsWith(pad(thisHost, width))).count());
        assertEquals(thereEvents, Arrays.stream(lines).filter(l -> l.startsWith(pad(otherHost, width))).count());
    }

    /** @return the events the checkpoint says the broker acknowledged, -1 before there is one. */
    private static long shipped(final Path checkpoint)
    {
        final ShipCheckpoint read = Files.exists(checkpoint) ? ShipCheckpoint.read(checkpoint) : null;
        return null == read ? -1 : read.events();
    }

    private static String pad(final String host, final int width)
    {
        return host + " ".repeat(width - host.length() + 1);
    }

    private static Run replay(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = ReplayCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
