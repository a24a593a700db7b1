package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.TraceeJsonRules;
import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.wire.EventType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's disk fills up mid-capture (an 8 MiB tmpfs, a 16 MiB ext4 image): the capture stops
 * with one line that gives the count journaled and a non-zero exit, and exactly that count replays,
 * in place, while the disk is still full: the writer reserves the blocks of every excerpt (and of the
 * SUMMARY) with fallocate before writing it, so a full disk refuses a span before any of it is
 * written instead of faulting after (JournalSpaceReservation).
 * <p>
 * The capture runs in a child JVM so that a SIGBUS, if one still happened, could not reach the test JVM.
 */
class DiskFullCaptureTest
{
    private static final Pattern STOPPED = Pattern.compile(
        "ringcap: capture stopped early: cannot write the journal: no space left on its device \\((\\d+) records \\(events and gaps\\) journaled before it are kept in (.*)\\)");
    private static final Pattern REPLAYED = Pattern.compile(
        "(\\d+) events(?: and (\\d+) gaps)? replayed from (.*) \\(journaled (\\d+), dropped (\\d+)\\)");

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void onAFullTmpfsTheCountKeptIsTheCountThatReplays() throws Exception
    {
        final Path mount = Files.createDirectories(temp.resolve("small-tmpfs"));
        run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString());
        try
        {
            fillAndReplay(mount);
        }
        finally
        {
            // lazily: Chronicle releases the journal's mappings in the background after close
            run("umount", "-l", mount.toString());
        }
    }

    @Test
    void onAFullExt4TheCountKeptIsTheCountThatReplays() throws Exception
    {
        final Path image = temp.resolve("ext4.img");
        final Path mount = Files.createDirectories(temp.resolve("small-ext4"));
        run("truncate", "-s", "16M", image.toString());
        run("mkfs.ext4", "-q", "-F", image.toString());
        run("mount", "-o", "loop", image.toString(), mount.toString());
        try
        {
            fillAndReplay(mount);
        }
        finally
        {
            run("umount", "-l", mount.toString());
        }
    }

    private void fillAndReplay(final Path mount) throws Exception
    {
        final Path journal = mount.resolve("journal");
        final Path log = temp.resolve("capture-" + mount.getFileName() + ".log");
        final Process capture = new ProcessBuilder(ChildJvm.command(true, CaptureCommand.class.getName(),
            List.of("--journal", journal.toString(), "--events", "mq_notify", "--", KernelTests.nativeBin("mq_load").toString(),
                "-d", "5")))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try
        {
            assertTrue(capture.waitFor(60, TimeUnit.SECONDS), "the capture stops");
        }
        finally
        {
            capture.descendants().forEach(ProcessHandle::destroyForcibly);
            capture.destroyForcibly();
        }
        final String output = Files.readString(log);
        assertEquals(1, capture.exitValue(), output);
        final List<String> ringcapLines = new java.util.ArrayList<>(output.lines().filter(l -> l.startsWith("ringcap:")).toList());
        // The stop, and (the workload outlives the capture) that it goes on untraced.
        assertEquals(2, ringcapLines.size(), output);
        assertTrue(ringcapLines.get(0).contains("stopped tracing; ") && ringcapLines.get(0).endsWith("is still running, untraced"),
            output);
        ringcapLines.remove(0);
        assertFalse(output.contains("\tat ") || output.contains("Exception in thread") || output.contains("InternalError"),
            "no stack trace: " + output);
        final Matcher stopped = STOPPED.matcher(ringcapLines.get(0));
        assertTrue(stopped.matches(), ringcapLines.get(0));
        assertEquals(journal.toString(), stopped.group(2));
        final long journaled = Long.parseLong(stopped.group(1));
        assertTrue(journaled > 10_000, "the disk held thousands of events before it filled: " + output);
        // (The workload goes on after the journal is full: the ring fills and the BPF side counts drops.)

        // In place, the disk still full: exactly the events the capture said it kept, and its summary.
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final TraceeJsonRules.LineChecker json = TraceeJsonRules.lineChecker(); // every line, kept by none
        final int exit = ReplayCommand.run(new String[] {"--journal", journal.toString(), "--format", "json"},
            new PrintStream(json, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        final List<String> errLines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(ReplayCommand.EXIT_OK, exit, errLines.toString());
        assertEquals(1, errLines.size(), errLines.toString());
        final Matcher replayed = REPLAYED.matcher(errLines.get(0));
        assertTrue(replayed.matches(), errLines.get(0));
        final long events = Long.parseLong(replayed.group(1));
        final long gaps = null == replayed.group(2) ? 0 : Long.parseLong(replayed.group(2));
        assertEquals(journaled, events + gaps, "replayed == kept: " + errLines.get(0));
        assertEquals(events, Long.parseLong(replayed.group(4)), "the summary, written into the reserved tail");
        assertEquals(events + gaps, json.verify(), "one line per event and gap, each one Tracee's decoder reads");

        final long[] decoded = new long[1];
        try (JournalReader reader = JournalReader.open(journal))
        {
            final EventHeaderDecoder header = new EventHeaderDecoder();
            reader.forEachRecord((buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                assertEquals(EventType.recordLength(header.eventType()), length);
                decoded[0]++;
            });
            assertTrue(reader.damage().isEmpty(), reader.damage().toString());
        }
        assertEquals(journaled, decoded[0]);
        System.out.println("disk full on " + mount.getFileName() + ": " + journaled + " kept, " + decoded[0] +
            " replayed in place; " + ringcapLines.get(0));
    }

    private static void run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + output);
    }
}
