package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.EventHeaderDecoder;
import io.ringcap.replay.JournalReader;
import io.ringcap.replay.MqNotifyDecoder;
import io.ringcap.replay.MqNotifyDeliveredDecoder;
import io.ringcap.wire.EventType;
import io.ringcap.wire.ReadStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mq_notify's two races with the outside world, on the real kernel: a sigevent rewritten while the
 * kernel reads it (TOCTOU), and the notification the registration later produces (delivery).
 */
class MqNotifyRacesCaptureTest
{
    private static final int SIGUSR1 = 10;
    private static final int SIGUSR2 = 12;
    private static final int SI_MESGQ = -3;

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void aSigeventRewrittenDuringTheCallIsFlaggedWithBothReadings() throws Exception
    {
        final Path facts = temp.resolve("facts.txt");
        final Path journal = temp.resolve("journal");
        final CaptureResult result = new CaptureSession(CaptureOptions.of(journal,
            List.of(KernelTests.nativeBin("mq_notify_races").toString(), "toctou", "200000", facts.toString()),
            CaptureOptions.DEFAULT_RING_SIZE)).run();
        assertEquals(0, result.commandExitCode());
        assertEquals(0, result.eventsDropped());
        final Map<String, String> known = KernelTests.facts(facts);
        final long sevp = Long.parseUnsignedLong(known.get("sevp"));

        final long[] counts = new long[3]; // registrations, cancels, flagged
        try (JournalReader reader = JournalReader.open(journal))
        {
            final EventHeaderDecoder header = new EventHeaderDecoder();
            final MqNotifyDecoder notify = new MqNotifyDecoder();
            reader.forEachRecord((buffer, offset, length) ->
            {
                if (header.wrap(buffer, offset).eventType() != EventType.MQ_NOTIFY)
                {
                    return;
                }
                notify.wrap(buffer, offset);
                if (notify.sevp() == 0)
                {
                    counts[1]++;
                    assertTrue(!notify.toctou() && notify.sevStatus() == ReadStatus.NULL && notify.sevExitStatus() == ReadStatus.NULL);
                    return;
                }
                counts[0]++;
                assertEquals(sevp, notify.sevp());
                assertEquals(ReadStatus.OK, notify.sevStatus());
                assertEquals(ReadStatus.OK, notify.sevExitStatus());
                assertTrue(notify.sigevSigno() == SIGUSR1 || notify.sigevSigno() == SIGUSR2, "entry reading");
                assertTrue(notify.exitSigevSigno() == SIGUSR1 || notify.exitSigevSigno() == SIGUSR2, "exit reading");
                final boolean differ = notify.sigevSigno() != notify.exitSigevSigno() ||
                    notify.sigevValue() != notify.exitSigevValue();
                assertEquals(differ, notify.toctou(), "the flag is set exactly when the readings differ");
                if (notify.toctou())
                {
                    counts[2]++;
                }
            });
        }
        assertEquals(200_000, counts[0]);
        assertEquals(200_000, counts[1]);
        assertTrue(counts[2] > 0, "a writer flipping the struct on the other core is caught at least once");
        System.out.println("toctou: " + counts[2] + " of " + counts[0] + " registrations read differently at exit");
    }

    @Test
    void aNotificationSignalIsLinkedToItsRegistrationByQueue() throws Exception
    {
        final Path facts = temp.resolve("facts.txt");
        final Path journal = temp.resolve("journal");
        final CaptureResult result = new CaptureSession(CaptureOptions.of(journal,
            List.of(KernelTests.nativeBin("mq_notify_races").toString(), "deliver", facts.toString()), 1 << 20)).run();
        assertEquals(0, result.commandExitCode(), "the program got its SI_MESGQ signal");
        final Map<String, String> known = KernelTests.facts(facts);
        final int pid = Integer.parseInt(known.get("pid"));
        final int mqdes = Integer.parseInt(known.get("mqdes"));
        assertEquals(String.valueOf(SI_MESGQ), known.get("si_code"));

        final long[] registration = new long[2]; // inode, entry ns
        final long[] delivery = new long[6];     // count, target, signo, si_code, inode, sender mqdes
        final int[] senderPid = new int[1];
        try (JournalReader reader = JournalReader.open(journal))
        {
            final EventHeaderDecoder header = new EventHeaderDecoder();
            reader.forEachRecord((buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                if (header.eventType() == EventType.MQ_NOTIFY)
                {
                    final MqNotifyDecoder notify = new MqNotifyDecoder().wrap(buffer, offset);
                    assertEquals(0, header.retval());
                    assertEquals(mqdes, notify.mqdes());
                    registration[0] = notify.mqInode();
                    registration[1] = header.entryNs();
                }
                else if (header.eventType() == EventType.MQ_NOTIFY_DELIVERED)
                {
                    final MqNotifyDeliveredDecoder delivered = new MqNotifyDeliveredDecoder().wrap(buffer, offset);
                    delivery[0]++;
                    delivery[1] = delivered.targetPid();
                    delivery[2] = delivered.signo();
                    delivery[3] = delivered.siCode();
                    delivery[4] = delivered.mqInode();
                    delivery[5] = delivered.senderMqdes();
                    senderPid[0] = header.hostPid();
                    assertTrue(header.entryNs() > registration[1], "delivered after it was registered");
                }
            });
        }
        assertNotEquals(0, registration[0], "the registration names its queue's inode");
        assertEquals(1, delivery[0]);
        assertEquals(pid, delivery[1], "the notified process");
        assertEquals(SIGUSR1, delivery[2]);
        assertEquals(SI_MESGQ, delivery[3]);
        assertEquals(registration[0], delivery[4], "same queue as the registration");
        assertEquals(mqdes, delivery[5], "the sender's descriptor (here the same process)");
        assertEquals(pid, senderPid[0], "the sender made the queue non-empty");
    }

}
