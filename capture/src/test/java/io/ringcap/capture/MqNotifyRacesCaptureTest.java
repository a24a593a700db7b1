package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.journal.JournalReader;
import io.ringcap.wire.EventHeaderRecord;
import io.ringcap.wire.EventType;
import io.ringcap.wire.MqNotifyDeliveredRecord;
import io.ringcap.wire.MqNotifyRecord;
import io.ringcap.wire.ReadStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mq_notify's two races with the outside world, on the real kernel: a sigevent rewritten while the
 * kernel reads it (TOCTOU), and the notification the registration later produces (delivery).
 */
class MqNotifyRacesCaptureTest
{
    private static final int SIGUSR1 = 10;
    private static final int SIGUSR2 = 12;
    private static final int SI_MESGQ = -3;
    private static final int SIGEV_THREAD = 2;
    private static final int TOCTOU_CALLS = 1_000;

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    /**
     * The race forced, so no luck is involved: each forced registration's cookie page is held back by
     * userfaultfd, and the fault handler rewrites sigev_value while the calling thread waits inside
     * the kernel, between the entry and the exit program (see mq_notify_races.c). Every forced
     * registration must be flagged with both readings, and every control registration (the same
     * call, nothing rewriting it) must not: exactly {@value #TOCTOU_CALLS} of each.
     */
    @ParameterizedTest(name = "--attach {0}")
    @ValueSource(strings = {"tracepoint", "raw"})
    void aSigeventRewrittenDuringTheCallIsFlaggedWithBothReadings(final String attach) throws Exception
    {
        final Path facts = temp.resolve("facts.txt");
        final Path journal = temp.resolve("journal");
        final CaptureResult result = new CaptureSession(CaptureOptions.of(journal,
            List.of(KernelTests.nativeBin("mq_notify_races").toString(), "toctou", Integer.toString(TOCTOU_CALLS),
                facts.toString()), 1 << 24) // a ring that holds the whole run: a drop is a lost record
            .withAttachCandidates(io.ringcap.bpf.AttachMethod.candidates(attach))).run();
        assertEquals(attach, result.attachMethod());
        final Map<String, String> known = KernelTests.facts(facts);
        assertEquals(0, result.commandExitCode(), "every call returned 0 and every forced one faulted once: " + known);
        assertEquals(String.valueOf(TOCTOU_CALLS), known.get("faults"), "the handler served one fault per forced call");
        assertEquals(0, result.eventsDropped());
        final long sevp = Long.parseUnsignedLong(known.get("sevp"));
        final long cookie = Long.parseUnsignedLong(known.get("cookie"));
        final long rewritten = Long.parseUnsignedLong(known.get("rewritten"));
        final long control = Long.parseUnsignedLong(known.get("control"));
        final int netlink = Integer.parseInt(known.get("netlink"));
        final long[] counts = new long[4]; // forced, control, cancels, flagged
        try (JournalReader reader = JournalReader.open(journal))
        {
            final EventHeaderRecord header = new EventHeaderRecord();
            final MqNotifyRecord notify = new MqNotifyRecord();
            reader.forEachRecord((buffer, offset, length) ->
            {
                if (header.wrap(buffer, offset).eventType() != EventType.MQ_NOTIFY)
                {
                    return;
                }
                notify.wrap(buffer, offset);
                assertEquals(0, header.retval(), "every registration and cancel succeeds");
                if (notify.sevp() == 0)
                {
                    counts[2]++;
                    assertTrue(notify.toctou() == 0 && notify.sevStatus() == ReadStatus.NULL && notify.sevExitStatus() == ReadStatus.NULL);
                    return;
                }
                assertEquals(sevp, notify.sevp());
                assertEquals(ReadStatus.OK, notify.sevStatus());
                assertEquals(ReadStatus.OK, notify.sevExitStatus());
                assertEquals(SIGEV_THREAD, notify.sevNotify());
                assertEquals(SIGEV_THREAD, notify.sevExitNotify());
                assertEquals(netlink, notify.sevSigno(), "glibc's way: the netlink socket in sigev_signo");
                assertEquals(netlink, notify.sevExitSigno());
                if (notify.sevValue() == cookie)
                {
                    counts[0]++;
                    assertEquals(rewritten, notify.sevExitValue(), "the exit reading is the handler's rewrite");
                    assertEquals(1, notify.toctou(), "a registration rewritten during the call is flagged");
                }
                else
                {
                    counts[1]++;
                    assertEquals(control, notify.sevValue(), "a control registration");
                    assertEquals(control, notify.sevExitValue(), "nothing rewrote it");
                    assertEquals(0, notify.toctou(), "a registration nobody rewrote is not flagged");
                }
                if (notify.toctou() != 0)
                {
                    counts[3]++;
                }
            });
        }
        assertEquals(TOCTOU_CALLS, counts[0], "forced registrations");
        assertEquals(TOCTOU_CALLS, counts[1], "control registrations");
        assertEquals(2 * TOCTOU_CALLS, counts[2], "cancels");
        assertEquals(TOCTOU_CALLS, counts[3], "flagged: exactly the forced ones");
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
            final EventHeaderRecord header = new EventHeaderRecord();
            reader.forEachRecord((buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                if (header.eventType() == EventType.MQ_NOTIFY)
                {
                    final MqNotifyRecord notify = new MqNotifyRecord().wrap(buffer, offset);
                    assertEquals(0, header.retval());
                    assertEquals(mqdes, notify.mqdes());
                    registration[0] = notify.mqInode();
                    registration[1] = header.entryNs();
                }
                else if (header.eventType() == EventType.MQ_NOTIFY_DELIVERED)
                {
                    final MqNotifyDeliveredRecord delivered = new MqNotifyDeliveredRecord().wrap(buffer, offset);
                    delivery[0]++;
                    delivery[1] = delivered.targetPid();
                    delivery[2] = delivered.signo();
                    delivery[3] = delivered.siCode();
                    delivery[4] = delivered.mqInode();
                    delivery[5] = delivered.senderMqdes();
                    senderPid[0] = (int)header.hostPid();
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
