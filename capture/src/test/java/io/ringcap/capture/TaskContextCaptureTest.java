package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.wire.EventType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BPF side keeps a copy of each task's costly context (comm, namespace pids, parent, mount
 * namespace) from its last record. This proves the copy is never stale: the native program makes
 * one call before and after each change of that context (a rename, a new mount namespace, a
 * reparenting), and every record must show the context of its own moment.
 */
class TaskContextCaptureTest
{
    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    @Timeout(120)
    void everyRecordCarriesTheContextOfItsMomentAcrossRenameUnshareAndReparent() throws Exception
    {
        final Path facts = temp.resolve("facts.txt");
        final Path journal = temp.resolve("journal");
        final CaptureResult result = new CaptureSession(CaptureOptions.of(journal,
            List.of(KernelTests.nativeBin("mq_context_changes").toString(), facts.toString()), 1 << 20)).run();
        assertEquals(0, result.commandExitCode());
        assertEquals(0, result.eventsDropped());

        final Map<String, String> known = KernelTests.facts(facts);
        final int pid = Integer.parseInt(known.get("pid"));
        final int ppid = Integer.parseInt(known.get("ppid"));
        final int middle = Integer.parseInt(known.get("middle"));
        final int grandchild = Integer.parseInt(known.get("grandchild"));
        final long mntBefore = Long.parseLong(known.get("mnt_before"));
        final long mntAfter = Long.parseLong(known.get("mnt_after"));
        assertNotEquals(mntBefore, mntAfter, "unshare(CLONE_NEWNS) made a new mount namespace");

        final List<String> rows = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal))
        {
            final EventHeaderDecoder header = new EventHeaderDecoder();
            reader.forEachRecord((buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                if (header.eventType() == EventType.MQ_NOTIFY)
                {
                    rows.add(header.hostPid() + " " + header.hostPpid() + " " + header.comm() + " " + header.mntNs() +
                        " " + header.retval());
                }
            });
        }
        // host pid, host ppid, comm, mount namespace, return value
        assertEquals(List.of(
            pid + " " + ppid + " mq_context_chan " + mntBefore + " 0", // 1. as started (comm cut at 15 bytes)
            pid + " " + ppid + " rc-renamed " + mntBefore + " 0",      // 2. renamed
            pid + " " + ppid + " rc-renamed " + mntAfter + " 0",       // 3. new mount namespace
            grandchild + " " + middle + " rc-renamed " + mntAfter + " 0", // 4. a new task, parent alive
            grandchild + " " + pid + " rc-renamed " + mntAfter + " 0"),   // 5. reparented to the subreaper
            rows);
    }
}
