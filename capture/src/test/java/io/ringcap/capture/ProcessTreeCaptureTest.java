package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringcap.bpf.BpfConfig;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.wire.ConfigLayout;
import io.ringcap.wire.EventType;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * -p PID[,PID...] on the real kernel: the processes named and their whole trees, the children they
 * had before the capture started and those they fork after, and nothing else on the host.
 */
class ProcessTreeCaptureTest
{
    /** mq_notify_cases makes five mq_notify calls. */
    private static final int CALLS = 5;

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void bothShellsChildrenAreTracedTheOneForkedLaterAndTheOneThatWasThereBefore() throws Exception
    {
        final String cases = KernelTests.nativeBin("mq_notify_cases").toString();
        final Path laterFacts = temp.resolve("later.txt");
        final Path beforeFacts = temp.resolve("before.txt");
        // A: forks its child only once told, after the capture is attached ("; true": no exec in place of a fork).
        final Process forksLater = new ProcessBuilder("sh", "-c", "read line; " + cases + " " + laterFacts + "; true")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // B: its child exists before the capture and waits for a line on the stdin it shares with B.
        final Process hadChild = new ProcessBuilder("sh", "-c", cases + " " + beforeFacts + " wait; true")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        waitForChild(hadChild);

        final CaptureSession session = new CaptureSession(CaptureOptions.of(temp.resolve("journal"), List.of(), 1 << 22)
            .withBpfConfig(new BpfConfig(0, 0, ConfigLayout.ANY_UID, 0, null, 1L << EventType.MQ_NOTIFY, 0, false))
            .withTracedPids(List.of((int)forksLater.pid(), (int)hadChild.pid())));
        final BackgroundCapture capture = BackgroundCapture.startAttached(session);

        final Process untraced = new ProcessBuilder(cases, temp.resolve("other.txt").toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, untraced.waitFor(), "another process makes the same calls meanwhile, untraced");
        for (final Process shell : List.of(forksLater, hadChild))
        {
            try (OutputStream stdin = shell.getOutputStream())
            {
                stdin.write('\n');
            }
            assertEquals(0, shell.waitFor());
        }
        final CaptureResult[] result = {capture.stop()};

        final int laterChild = Integer.parseInt(KernelTests.facts(laterFacts).get("pid"));
        final int beforeChild = Integer.parseInt(KernelTests.facts(beforeFacts).get("pid"));
        assertEquals(2 * CALLS, result[0].eventsSubmitted(), "the BPF submit counter: both children's calls only");
        assertEquals(0, result[0].eventsDropped());
        final Map<Integer, Integer> byPid = new TreeMap<>();
        try (JournalReader reader = JournalReader.open(result[0].journal()))
        {
            final EventHeaderDecoder header = new EventHeaderDecoder();
            reader.forEachRecord((buffer, offset, length) ->
                byPid.merge(header.wrap(buffer, offset).hostPid(), 1, Integer::sum));
        }
        assertEquals(new TreeMap<>(Map.of(laterChild, CALLS, beforeChild, CALLS)), byPid);
    }

    @Test
    void aPidThatIsNoProcessIsRefusedBeforeAnythingLoads()
    {
        final IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> io.ringcap.linux.ProcessTree.requireRunning(List.of(1, 0x3fff_fff0)));
        assertEquals("-p " + 0x3fff_fff0 + ": no such process", ex.getMessage());
    }

    /** Until B's child runs: its pid is in /proc with B as its parent. */
    private static void waitForChild(final Process shell) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline)
        {
            final List<Long> children = new ArrayList<>();
            shell.toHandle().children().forEach(child -> children.add(child.pid()));
            if (!children.isEmpty())
            {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the shell's child never started");
    }
}
