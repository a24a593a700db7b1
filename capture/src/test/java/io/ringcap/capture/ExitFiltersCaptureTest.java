package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.bpf.BpfConfig;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.wire.ConfigLayout;
import io.ringcap.wire.EventType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --failed and --min-duration on the real kernel: decided in the exit programs before ring space is
 * reserved, so the BPF submit counter counts only what passes, and the journal holds exactly that.
 */
class ExitFiltersCaptureTest
{
    /** mq_open, mq_unlink, mq_timedsend, mq_timedreceive, mq_notify, mq_getsetattr. */
    private static final long SYSCALLS = 0b111_1110L;
    /** The same events, named on the command line. */
    private static final String EVENTS = "mq_open,mq_unlink,mq_timedsend,mq_timedreceive,mq_notify,mq_getsetattr";

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void minDurationKeepsOnlyTheReceiveThatWaited() throws Exception
    {
        final Path facts = temp.resolve("slow.txt");
        final CaptureResult result = capture(List.of(KernelTests.nativeBin("mq_slow_receive").toString(),
            facts.toString()), new BpfConfig(0, 0, ConfigLayout.ANY_UID, 0, null, SYSCALLS, 0, false, 100_000_000L, false));

        assertEquals(0, result.commandExitCode());
        final Map<String, String> known = KernelTests.facts(facts);
        assertEquals("0,1,0,-110", known.get("results"), "send, receive, getattr fast; the timed receive timed out");
        assertEquals(1, result.eventsSubmitted(), "the BPF submit counter: of six calls, the one that took 200 ms");
        final List<long[]> events = read(result);
        assertEquals(1, events.size());
        assertEquals(EventType.MQ_TIMEDRECEIVE, events.get(0)[0]);
        assertEquals(-110, events.get(0)[1]);
        assertTrue(events.get(0)[2] >= 200_000_000L, "waited its 200 ms: " + events.get(0)[2] + " ns");
    }

    @Test
    void failedKeepsOnlyTheCallsThatReturnedAnError() throws Exception
    {
        final Path facts = temp.resolve("cases.txt");
        final CaptureResult result = capture(List.of(KernelTests.nativeBin("mq_notify_cases").toString(),
            facts.toString()), new BpfConfig(0, 0, ConfigLayout.ANY_UID, 0, null, SYSCALLS, 0, false, 0, true));

        assertEquals(0, result.commandExitCode());
        assertEquals("0,-16,0,0,-9", KernelTests.facts(facts).get("results"));
        assertEquals(2, result.eventsSubmitted(), "of mq_open, mq_unlink and five mq_notify: the EBUSY and the EBADF");
        final List<long[]> events = read(result);
        assertEquals(List.of(-16L, -9L), List.of(events.get(0)[1], events.get(1)[1]));
        assertEquals(2, events.size());
    }

    /** The same two filters through the command line, as the README gives them: flags, summary line, journal. */
    @Test
    void failedOnTheCommandLine() throws Exception
    {
        final Path journal = temp.resolve("cli-failed");
        final Path facts = temp.resolve("cli-cases.txt");
        final List<String> err = captureCommand("-w", journal.toString(), "--events", EVENTS, "--failed", "--",
            KernelTests.nativeBin("mq_notify_cases").toString(), facts.toString());
        assertEquals("0,-16,0,0,-9", KernelTests.facts(facts).get("results"));
        assertSummary(err, 2, journal);
        final List<long[]> events = read(journal);
        assertEquals(2, events.size());
        assertEquals(List.of((long)EventType.MQ_NOTIFY, -16L), List.of(events.get(0)[0], events.get(0)[1]));
        assertEquals(List.of((long)EventType.MQ_NOTIFY, -9L), List.of(events.get(1)[0], events.get(1)[1]));
    }

    @Test
    void minDurationOnTheCommandLine() throws Exception
    {
        final Path journal = temp.resolve("cli-slow");
        final Path facts = temp.resolve("cli-slow.txt");
        final List<String> err = captureCommand("--journal", journal.toString(), "--events", EVENTS, "--min-duration", "100ms",
            "--", KernelTests.nativeBin("mq_slow_receive").toString(), facts.toString());
        assertEquals("0,1,0,-110", KernelTests.facts(facts).get("results"));
        assertSummary(err, 1, journal);
        final List<long[]> events = read(journal);
        assertEquals(1, events.size());
        assertEquals(EventType.MQ_TIMEDRECEIVE, events.get(0)[0]);
        assertEquals(-110, events.get(0)[1]);
        assertTrue(events.get(0)[2] >= 200_000_000L, "waited its 200 ms: " + events.get(0)[2] + " ns");
    }

    /** @return stderr's lines of {@code ringcap capture ARGS}, run in this JVM; its exit must be 0. */
    private static List<String> captureCommand(final String... args)
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = CaptureCommand.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
        final List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, exit, lines.toString());
        return lines;
    }

    private static void assertSummary(final List<String> err, final long events, final Path journal)
    {
        assertEquals(1, err.size(), err.toString());
        final Matcher summary = Pattern.compile(
            "ringcap: (\\d+) events journaled, (\\d+) dropped, journal (.*) \\(attach \\w+, [0-9.]+ s\\)").matcher(err.get(0));
        assertTrue(summary.matches(), err.get(0));
        assertEquals(String.valueOf(events), summary.group(1), err.get(0));
        assertEquals("0", summary.group(2), err.get(0));
        assertEquals(journal.toString(), summary.group(3));
    }

    private CaptureResult capture(final List<String> command, final BpfConfig config) throws Exception
    {
        final CaptureResult result = new CaptureSession(CaptureOptions.of(temp.resolve("journal"), command, 1 << 22)
            .withBpfConfig(config)).run();
        assertEquals(0, result.eventsDropped());
        return result;
    }

    /** @return each record's type, return value and duration. */
    private static List<long[]> read(final CaptureResult result)
    {
        final List<long[]> events = read(result.journal());
        assertEquals(result.eventsJournaled(), events.size());
        return events;
    }

    /** @return each record's type, return value and duration. */
    private static List<long[]> read(final Path journal)
    {
        final List<long[]> events = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal))
        {
            final EventHeaderDecoder header = new EventHeaderDecoder();
            reader.forEachRecord((buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                events.add(new long[] {header.eventType(), header.retval(), header.exitNs() - header.entryNs()});
            });
        }
        return events;
    }
}
