package io.ringcap.capture;

import io.ringcap.replay.EventHeaderDecoder;
import io.ringcap.replay.JournalException;
import io.ringcap.replay.JournalReader;
import io.ringcap.replay.ReplayCommand;
import io.ringcap.wire.EventType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * kill -9 of a capture under load: the journal keeps every complete event, replay reads it and
 * says the capture did not finish, the killed journal is never appended to, and a new capture
 * into a new directory works.
 */
class CaptureKilledTest
{
    private static final long MIN_RECORDS_BEFORE_KILL = 10_000;

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void aKilledCaptureLeavesAReadableJournalAndANewCaptureWorks() throws Exception
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
            assertEquals("tracepoint", reader.metadata().attachMethod());
        }

        // The killed journal is never appended to: one line, exit 1, and its files are untouched.
        final ByteArrayOutputStream refusal = new ByteArrayOutputStream();
        final int refused = CaptureCommand.run(new String[] {"--journal", journal.toString(), "--", "true"},
            new PrintStream(refusal, true, StandardCharsets.UTF_8));
        assertEquals(CaptureCommand.EXIT_FAILURE, refused);
        assertEquals(List.of("ringcap: journal directory " + journal +
            " is not empty; choose a new --journal (ringcap never overwrites a capture)"),
            refusal.toString(StandardCharsets.UTF_8).lines().toList());
        assertEquals(before, fingerprint(journal), "the killed journal is unchanged");

        // A new capture into a new directory works while the dead one's journal lies there.
        final Path fresh = temp.resolve("fresh");
        final ByteArrayOutputStream freshErr = new ByteArrayOutputStream();
        final int freshExit = CaptureCommand.run(new String[] {"--journal", fresh.toString(), "--events", "mq_notify", "--",
            KernelTests.nativeBin("mq_load").toString(), "-n", "1000"}, new PrintStream(freshErr, true, StandardCharsets.UTF_8));
        assertEquals(0, freshExit, freshErr.toString(StandardCharsets.UTF_8));
        try (JournalReader reader = JournalReader.open(fresh))
        {
            assertEquals(1000, reader.forEachRecord((buffer, offset, length) -> { }));
            assertNotNull(reader.summary());
            assertEquals(0, reader.summary().eventsDropped());
        }
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
