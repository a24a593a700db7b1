package io.ringcap.capture;

import io.ringcap.replay.EventHeaderDecoder;
import io.ringcap.replay.JournalException;
import io.ringcap.replay.JournalReader;
import io.ringcap.replay.ReplayCommand;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal's disk fills up mid-capture (an 8 MiB tmpfs): the capture stops with one line that
 * gives the count journaled and a non-zero exit, and the journal stays readable once there is room
 * again: every event journaled before the failure replays and decodes, and the failed excerpt is
 * not committed.
 * <p>
 * Chronicle writes through a mapping, so a full tmpfs shows up as SIGBUS (an InternalError from
 * the JVM), not as an IOException. The capture runs in a child JVM so nothing of that can reach
 * the test JVM.
 */
class DiskFullCaptureTest
{
    private static final Pattern STOPPED = Pattern.compile(
        "ringcap: capture stopped early: cannot write the journal \\(disk full\\?\\) \\((\\d+) events journaled before it are kept in (.*)\\)");

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void aFullDiskStopsTheCaptureWithItsCountAndKeepsTheJournalReadable() throws Exception
    {
        final Path mount = Files.createDirectories(temp.resolve("small-disk"));
        run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString());
        try
        {
            final Path journal = mount.resolve("journal");
            final Path log = temp.resolve("capture.log");
            final Process capture = new ProcessBuilder(ChildJvm.command(true, CaptureCommand.class.getName(),
                List.of("--journal", journal.toString(), "--", KernelTests.nativeBin("mq_load").toString(), "-d", "5")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try
            {
                assertTrue(capture.waitFor(45, TimeUnit.SECONDS), "the capture stops");
            }
            finally
            {
                capture.descendants().forEach(ProcessHandle::destroyForcibly);
                capture.destroyForcibly();
            }
            final String output = Files.readString(log);
            assertEquals(1, capture.exitValue(), output);
            final List<String> ringcapLines = output.lines().filter(l -> l.startsWith("ringcap:")).toList();
            assertEquals(1, ringcapLines.size(), output);
            assertFalse(output.contains("\tat ") || output.contains("Exception in thread") || output.contains("InternalError"),
                "no stack trace: " + output);
            final Matcher stopped = STOPPED.matcher(ringcapLines.get(0));
            assertTrue(stopped.matches(), ringcapLines.get(0));
            assertEquals(journal.toString(), stopped.group(2));
            final long journaled = Long.parseLong(stopped.group(1));
            assertTrue(journaled > 0, output);

            // Make room, as a user would, then replay in place: every event journaled before the failure.
            // (While the tmpfs is still full, a read-only mapping faults too as soon as Chronicle looks at
            // the header slot after the last excerpt, if that page was never allocated.)
            run("mount", "-o", "remount,size=64m", mount.toString());
            // The JVM reports a SIGBUS in compiled code late, after the faulting copy went on (its
            // pages left as zeros): the failed excerpt may already be committed. Then replay shows
            // every record before it and stops there with one line; at most that excerpt is lost.
            final long maxLost = RingDrainAgent.MAX_SPAN_BYTES / (EventHeaderLayout.LENGTH + 8);
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int exit = ReplayCommand.run(new String[] {"--journal", journal.toString(), "--format", "json"},
                new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
            final List<String> errLines = err.toString(StandardCharsets.UTF_8).lines().toList();
            assertEquals(1, errLines.size(), errLines.toString());
            if (exit == ReplayCommand.EXIT_OK)
            {
                assertEquals(journaled + " events replayed from " + journal + " (capture did not finish cleanly: no summary)",
                    errLines.get(0));
            }
            else
            {
                assertEquals(ReplayCommand.EXIT_BAD_INPUT, exit, errLines.toString());
                assertTrue(errLines.get(0).startsWith("ringcap: corrupt journal " + journal + ": excerpt "), errLines.get(0));
            }

            final long[] decoded = new long[1];
            try (JournalReader reader = JournalReader.open(journal))
            {
                final EventHeaderDecoder header = new EventHeaderDecoder();
                try
                {
                    reader.forEachRecord((buffer, offset, length) ->
                    {
                        header.wrap(buffer, offset);
                        assertTrue(EventType.recordLength(header.eventType()) > 0, "known type " + header.eventType());
                        assertEquals(EventType.recordLength(header.eventType()), length);
                        decoded[0]++;
                    });
                    assertEquals(ReplayCommand.EXIT_OK, exit);
                    assertEquals(journaled, decoded[0]);
                }
                catch (final JournalException lastExcerptBroken)
                {
                    assertEquals(ReplayCommand.EXIT_BAD_INPUT, exit);
                    assertTrue(decoded[0] <= journaled && decoded[0] >= journaled - maxLost,
                        "records before the failed excerpt decode: " + decoded[0] + " of " + journaled);
                }
                assertNull(reader.summary(), "no summary is written after the journal failed");
            }
            System.out.println("disk full: replay exit " + exit + ", " + decoded[0] + " of " + journaled + " decoded");
            System.out.println("disk full: " + output.strip());
        }
        finally
        {
            // lazily: Chronicle releases the journal's mappings in the background after close
            run("umount", "-l", mount.toString());
        }
    }

    private static void run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + output);
    }
}
