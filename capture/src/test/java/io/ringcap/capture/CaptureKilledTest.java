package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ringcap.replay.EventHeaderDecoder;
import io.ringcap.replay.JournalException;
import io.ringcap.replay.JournalReader;
import io.ringcap.replay.JournalSegment;
import io.ringcap.replay.ReplayCommand;
import io.ringcap.wire.EventType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a capture under load: the journal keeps every complete event, replay reads it and
 * says the capture did not finish, and a new capture appends to the same journal at once (no wait
 * for the dead capture's lock), after which replay reads both segments.
 */
class CaptureKilledTest
{
    private static final long MIN_RECORDS_BEFORE_KILL = 10_000;
    /** Chronicle waits 15 s (timeoutMS * 1.5) before it recovers a dead writer's lock by itself. */
    private static final double RECOVERY_LIMIT_SECONDS = 10;

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void aKilledCaptureLeavesAReadableJournalAndANewCaptureAppendsToIt() throws Exception
    {
        final Path journal = temp.resolve("killed");
        final Path log = temp.resolve("capture.log");
        final Process capture = new ProcessBuilder(ChildJvm.command(true, CaptureCommand.class.getName(),
            List.of("--journal", journal.toString(), "--", KernelTests.nativeBin("mq_load").toString(), "-d", "10")))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<ProcessHandle> workload = List.of();
        final long seen;
        try
        {
            seen = awaitRecords(journal, capture, log);
            assertTrue(seen >= MIN_RECORDS_BEFORE_KILL, "the journal grew before the kill: " + seen);
            workload = capture.descendants().toList();
            assertTrue(workload.stream().anyMatch(p -> p.info().command().orElse("").endsWith("mq_load")),
                "mq_load runs under the capture: " + workload);
            capture.destroyForcibly();                  // SIGKILL, mid-write
            assertTrue(capture.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, capture.exitValue(), "killed by SIGKILL");
        }
        finally
        {
            capture.destroyForcibly();
            for (final ProcessHandle child : workload.isEmpty() ? capture.descendants().toList() : workload)
            {
                child.destroyForcibly();
            }
        }
        for (final ProcessHandle child : workload)
        {
            child.onExit().get(10, TimeUnit.SECONDS);
        }
        final String captureOutput = Files.readString(log);
        assertTrue(!captureOutput.contains("events journaled"), "killed: no summary line: " + captureOutput);

        final Map<String, String> before = fingerprint(journal);

        // Replay: every complete event, no error, and it says the capture did not finish.
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = ReplayCommand.run(new String[] {"--journal", journal.toString(), "--format", "json"},
            new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        final List<String> errLines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(ReplayCommand.EXIT_OK, exit, errLines.toString());
        assertEquals(1, errLines.size(), errLines.toString());
        assertTrue(errLines.get(0).endsWith(" events replayed from " + journal +
            " (capture did not finish cleanly: no summary)"), errLines.get(0));
        final long replayed = Long.parseLong(errLines.get(0).substring(0, errLines.get(0).indexOf(' ')));

        final long[] byType = new long[EventType.MAX];
        try (JournalReader reader = JournalReader.open(journal))
        {
            final EventHeaderDecoder header = new EventHeaderDecoder();
            final long records = reader.forEachRecord((buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                final int type = header.eventType();
                assertTrue(EventType.recordLength(type) > 0, "known event type " + type);
                assertEquals(EventType.recordLength(type), header.size(), "size of " + EventType.name(type));
                assertEquals(header.size(), length);
                byType[type]++;
            });
            assertTrue(records >= MIN_RECORDS_BEFORE_KILL, "records read: " + records);
            assertEquals(replayed, records, "replay and the reader agree");
            assertTrue(byType[EventType.MQ_NOTIFY] > records / 2, "mostly mq_load's calls: " + byType[EventType.MQ_NOTIFY]);
            assertNull(reader.summary(), "a killed capture writes no summary");
            System.out.println("killed capture: " + seen + " records seen before the kill, " + records + " read after it");
            assertEquals(KernelAttachProbe.expectedAutoLabel(), reader.metadata().attachMethod());
        }

        assertEquals(before, fingerprint(journal), "replay (read-only) changed nothing");

        // A second capture appends to the killed journal: Chronicle's write lock still names the dead
        // capture's pid; the new one releases it at once instead of waiting out Chronicle's timeout.
        final long appendStart = System.nanoTime();
        final ByteArrayOutputStream appendErr = new ByteArrayOutputStream();
        final int appendExit = CaptureCommand.run(new String[] {"--journal", journal.toString(), "--events", "mq_notify",
            "--", KernelTests.nativeBin("mq_load").toString(), "-n", "1000"},
            new PrintStream(appendErr, true, StandardCharsets.UTF_8));
        final double appendSeconds = (System.nanoTime() - appendStart) / 1e9;
        assertEquals(0, appendExit, appendErr.toString(StandardCharsets.UTF_8));
        System.out.printf("append after kill -9: capture of mq_load -n 1000 took %.3f s%n", appendSeconds);
        assertTrue(appendSeconds < RECOVERY_LIMIT_SECONDS, "no lock timeout wait: " + appendSeconds + " s");

        try (JournalReader reader = JournalReader.open(journal))
        {
            final long records = reader.forEachRecord((buffer, offset, length) -> { });
            final List<JournalSegment> segments = reader.segments();
            assertEquals(2, segments.size(), segments.toString());
            assertEquals(replayed, segments.get(0).records(), "the killed segment keeps every complete event");
            assertNull(segments.get(0).summary());
            assertEquals(1000, segments.get(1).records(), "the appended capture's events, exactly");
            assertEquals(1000, segments.get(1).summary().eventsJournaled());
            assertEquals(0, segments.get(1).summary().eventsDropped());
            assertEquals(replayed + 1000, records);
        }
        final ByteArrayOutputStream both = new ByteArrayOutputStream();
        final int bothExit = ReplayCommand.run(new String[] {"--journal", journal.toString(), "--format", "csv"},
            new PrintStream(OutputStream.nullOutputStream()), new PrintStream(both, true, StandardCharsets.UTF_8));
        assertEquals(ReplayCommand.EXIT_OK, bothExit);
        assertEquals(List.of("segment 1 ended without a summary (capture killed?); " + replayed + " events read",
            (replayed + 1000) + " events replayed from " + journal +
                " (2 segments; journaled 1000, dropped 0; 1 without a summary)"),
            both.toString(StandardCharsets.UTF_8).lines().toList());
    }

    /** Polls the journal read-only until it holds enough records (or the capture died). */
    private static long awaitRecords(final Path journal, final Process capture, final Path log) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - deadline < 0)
        {
            if (!capture.isAlive())
            {
                fail("the capture exited early (" + capture.exitValue() + "): " + Files.readString(log));
            }
            if (Files.exists(journal.resolve("metadata.cq4t")))
            {
                try (JournalReader reader = JournalReader.open(journal))
                {
                    final long records = reader.forEachRecord((buffer, offset, length) -> { });
                    if (records >= MIN_RECORDS_BEFORE_KILL)
                    {
                        return records;
                    }
                }
                catch (final JournalException notYet)
                {
                    // the capture is still writing its first blocks
                }
            }
            Thread.sleep(200);
        }
        fail("the journal did not grow within 30 s: " + Files.readString(log));
        return 0;
    }

    /** Name, size, modification time and SHA-256 of every file in the directory. */
    private static Map<String, String> fingerprint(final Path directory) throws IOException
    {
        final Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(directory))
        {
            for (final Path file : entries.toList())
            {
                files.put(file.getFileName().toString(), Files.size(file) + " " +
                    Files.getLastModifiedTime(file).toMillis() + " " + sha256(file));
            }
        }
        return files;
    }

    private static String sha256(final Path file) throws IOException
    {
        try (InputStream in = Files.newInputStream(file))
        {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            final byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; )
            {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        }
        catch (final java.security.NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
