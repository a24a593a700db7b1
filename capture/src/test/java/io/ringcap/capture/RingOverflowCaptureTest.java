package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.bpf.AttachMethod;
import io.ringcap.bpf.BpfConfig;
import io.ringcap.bpf.BpfObject;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.replay.journal.JournalSummary;
import io.ringcap.wire.EventHeaderRecord;
import io.ringcap.wire.EventType;
import io.ringcap.wire.GapRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full ring loses events, and says exactly how many and where: the smallest ring (4K), the reader
 * held back, 200000 mq_notify calls. Every call is either journaled or counted as dropped, none
 * both, none neither; gap records in the journal add up to the drops, each on a real CPU.
 */
class RingOverflowCaptureTest
{
    private static final long CALLS = 200_000;

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    /** The reader held until the load has finished: no reserve succeeds after the ring fills. */
    @Test
    void capturedPlusDroppedIsEveryCallTheWorkloadMade() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final CaptureResult result = new CaptureSession(heldOptions(journal,
            List.of(KernelTests.nativeBin("mq_load").toString(), "-n", Long.toString(CALLS)))).run();
        System.out.println(result.summaryLine());

        assertEquals(0, result.commandExitCode(), "mq_load made all its calls");
        assertTrue(result.eventsDropped() > 0, "a 4K ring held back must overflow: " + result.summaryLine());
        assertTrue(result.eventsJournaled() > 0, "the ring's worth drained at the end: " + result.summaryLine());
        assertEquals(CALLS, result.eventsJournaled() + result.eventsDropped(),
            "every mq_notify call is journaled or counted dropped: " + result.summaryLine());
        assertEquals(result.eventsSubmitted(), result.eventsJournaled(), "every submitted record reached the journal");

        final Journal read = Journal.read(journal);
        assertEquals(result.eventsJournaled(), read.notifies, "captured == mq_notify records in the journal");
        assertFalse(read.gaps.isEmpty(), "the drops are journaled as gaps");
        assertEquals(result.eventsDropped(), read.droppedInGaps(), "gap records add up to the drops");
        read.assertGapsOnRealCpus();
        assertNotNull(read.summary, "a clean stop writes the summary");
        assertEquals(result.eventsDropped(), read.summary.eventsDropped());
        assertEquals(read.notifies, read.summary.eventsJournaled());
        assertEquals(read.gaps.size(), read.summary.gapRecords());
        assertEquals(CALLS, read.notifies + read.summary.eventsDropped());
    }

    /**
     * The ring overflows while the reader is held, then the reader is released while the load goes
     * on: the first record that fits on a CPU that dropped comes after a gap record the BPF program
     * wrote, so at least one gap sits between events, where the events went missing.
     */
    @Test
    void gapRecordsSitWhereEventsWentMissing() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final Path firstHalfDone = temp.resolve("first-half-done");
        final Path goOn = temp.resolve("go-on");
        final String load = KernelTests.nativeBin("mq_load") + " -n " + CALLS / 2;
        final CaptureSession session = new CaptureSession(heldOptions(journal, List.of("/bin/sh", "-c",
            load + " && touch " + firstHalfDone + " && while [ ! -e " + goOn + " ]; do sleep 0.01; done && " + load)));

        final ExecutorService executor = Executors.newSingleThreadExecutor();
        final CaptureResult result;
        try
        {
            final Future<CaptureResult> capture = executor.submit(session::run);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(firstHalfDone) && System.nanoTime() < deadline && !capture.isDone())
            {
                Thread.sleep(5);
            }
            assertTrue(Files.exists(firstHalfDone), "the first half of the load ran");
            session.releaseReader();
            Thread.sleep(200); // the reader empties the ring before the second half
            Files.createFile(goOn);
            result = capture.get(60, TimeUnit.SECONDS);
        }
        finally
        {
            executor.shutdownNow();
        }
        System.out.println(result.summaryLine());

        assertEquals(0, result.commandExitCode(), "both halves made all their calls");
        assertTrue(result.eventsDropped() > 0, "the held 4K ring overflowed: " + result.summaryLine());
        assertEquals(CALLS, result.eventsJournaled() + result.eventsDropped(),
            "every mq_notify call is journaled or counted dropped: " + result.summaryLine());

        final Journal read = Journal.read(journal);
        assertEquals(result.eventsJournaled(), read.notifies);
        assertEquals(result.eventsDropped(), read.droppedInGaps(), "gap records add up to the drops");
        assertEquals(read.summary.eventsDropped(), read.droppedInGaps());
        assertEquals(read.gaps.size(), read.summary.gapRecords());
        read.assertGapsOnRealCpus();
        assertTrue(read.gapsFollowedByEvents > 0, "a gap record sits between events: " + read.gaps);
    }

    @Test
    void noDropsNoGapRecords() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final CaptureResult result = new CaptureSession(CaptureOptions.of(journal,
            List.of(KernelTests.nativeBin("mq_load").toString(), "-n", "1000"), 16 * 1024 * 1024)
            .withBpfConfig(onlyMqNotify())).run();

        assertEquals(0, result.eventsDropped(), result.summaryLine());
        assertEquals(1000, result.eventsJournaled());
        final Journal read = Journal.read(journal);
        assertEquals(1000, read.notifies);
        assertTrue(read.gaps.isEmpty(), "no drops, no gap records: " + read.gaps);
        assertEquals(0, read.summary.gapRecords());
    }

    private static BpfConfig onlyMqNotify()
    {
        return new BpfConfig(0, 0, BpfConfig.everything().filterUid(), 0, null,
            CaptureCommand.parseEvents(List.of("mq_notify")), 0, false);
    }

    private static CaptureOptions heldOptions(final Path journal, final List<String> command)
    {
        return new CaptureOptions(journal, command, null, CaptureCommand.parseRingSize("4K"),
            AttachMethod.candidates("auto"), onlyMqNotify(), CaptureOptions.IdleMode.BUSY, true, false, null);
    }

    /** What a journal holds: its mq_notify records, its gaps in order, and how gaps and events interleave. */
    private static final class Journal
    {
        final List<long[]> gaps = new ArrayList<>(); // {cpu, dropped, firstNs, lastNs}
        long notifies;
        long gapsFollowedByEvents;
        JournalSummary summary;

        static Journal read(final Path directory)
        {
            final Journal journal = new Journal();
            final EventHeaderRecord header = new EventHeaderRecord();
            final GapRecord gap = new GapRecord();
            final boolean[] afterGap = new boolean[1];
            try (JournalReader reader = JournalReader.open(directory))
            {
                reader.forEachRecord((buffer, offset, length) ->
                {
                    final int type = header.wrap(buffer, offset).eventType();
                    if (type == EventType.GAP)
                    {
                        gap.wrap(buffer, offset);
                        journal.gaps.add(new long[] {header.cpu(), gap.dropped(), gap.firstNs(), gap.lastNs()});
                        assertTrue(gap.dropped() > 0, "a gap reports at least one drop");
                        assertTrue(gap.firstNs() <= gap.lastNs(), "first drop before last");
                        assertEquals(gap.firstNs(), header.entryNs(), "the header's time is the first drop");
                        afterGap[0] = true;
                        return;
                    }
                    assertEquals(EventType.MQ_NOTIFY, type, "--events mq_notify only");
                    journal.notifies++;
                    if (afterGap[0])
                    {
                        journal.gapsFollowedByEvents++;
                        afterGap[0] = false;
                    }
                });
                journal.summary = reader.summary();
            }
            return journal;
        }

        long droppedInGaps()
        {
            return gaps.stream().mapToLong(gap -> gap[1]).sum();
        }

        void assertGapsOnRealCpus()
        {
            final int cpus = BpfObject.possibleCpus();
            for (final long[] gap : gaps)
            {
                assertTrue(gap[0] >= 0 && gap[0] < cpus, "gap on CPU " + gap[0] + " of " + cpus);
            }
        }
    }
}
