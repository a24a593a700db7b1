package io.ringcap.capture;

import io.ringcap.bpf.AttachMethod;
import io.ringcap.bpf.BpfConfig;
import io.ringcap.replay.EventHeaderDecoder;
import io.ringcap.replay.JournalReader;
import io.ringcap.replay.JournalSummary;
import io.ringcap.wire.EventType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full ring loses events, and says exactly how many: the smallest ring (4K), the reader held
 * back until the load has finished, 200000 mq_notify calls. Every call is either journaled or
 * counted as dropped, none both, none neither.
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

    @Test
    void capturedPlusDroppedIsEveryCallTheWorkloadMade() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final int ringSize = CaptureCommand.parseRingSize("4K");
        final BpfConfig onlyMqNotify = new BpfConfig(0, 0, BpfConfig.everything().filterUid(), 0, null,
            CaptureCommand.parseEvents(List.of("mq_notify")), 0, false);
        final CaptureOptions options = new CaptureOptions(journal,
            List.of(KernelTests.nativeBin("mq_load").toString(), "-n", Long.toString(CALLS)),
            null, ringSize, AttachMethod.candidates("auto"), onlyMqNotify, CaptureOptions.IdleMode.BUSY,
            true, false, null);

        final CaptureResult result = new CaptureSession(options).run();
        System.out.println(result.summaryLine());

        assertEquals(0, result.commandExitCode(), "mq_load made all its calls");
        assertTrue(result.eventsDropped() > 0, "a 4K ring held back must overflow: " + result.summaryLine());
        assertTrue(result.eventsJournaled() > 0, "the ring's worth drained at the end: " + result.summaryLine());
        assertEquals(CALLS, result.eventsJournaled() + result.eventsDropped(),
            "every mq_notify call is journaled or counted dropped: " + result.summaryLine());
        assertEquals(result.eventsSubmitted(), result.eventsJournaled(), "every submitted record reached the journal");

        final long[] notifies = new long[1];
        try (JournalReader reader = JournalReader.open(journal))
        {
            final EventHeaderDecoder header = new EventHeaderDecoder();
            final long records = reader.forEachRecord((buffer, offset, length) ->
            {
                assertEquals(EventType.MQ_NOTIFY, header.wrap(buffer, offset).eventType(), "--events mq_notify only");
                notifies[0]++;
            });
            assertEquals(result.eventsJournaled(), records, "captured == records in the journal");
            final JournalSummary summary = reader.summary();
            assertNotNull(summary, "a clean stop writes the summary");
            assertEquals(result.eventsDropped(), summary.eventsDropped());
            assertEquals(records, summary.eventsJournaled());
            assertEquals(CALLS, records + summary.eventsDropped());
        }
        assertEquals(result.eventsJournaled(), notifies[0]);
    }
}
