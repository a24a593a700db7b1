package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringcap.bpf.BpfConfig;
import io.ringcap.linux.Cgroups;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.wire.ConfigLayout;
import io.ringcap.wire.EventType;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each in-kernel filter, on the real kernel. The proof that a filtered-out call never reached the
 * ring is the BPF programs' own submit counter (read from the per-CPU counter map), not what replay
 * shows: every traced command below also makes calls the filter must drop.
 */
class FilterCaptureTest
{
    private static final long MQ_NOTIFY = 1L << EventType.MQ_NOTIFY;

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void commFilterDropsOtherProgramsInTheKernel() throws Exception
    {
        final String script = races() + " deliver " + temp.resolve("races.txt") + " && " +
            cases() + " " + temp.resolve("cases.txt");
        final CaptureResult result = capture(List.of("sh", "-c", script),
            filter(0, ConfigLayout.ANY_UID, 0, "mq_notify_cases", MQ_NOTIFY | (1L << EventType.PROCESS_EXEC)));

        // mq_notify_cases: 5 mq_notify and its own exec; sh, mq_notify_races and their calls: nothing
        assertEquals(6, result.eventsSubmitted());
        assertEquals(6, result.eventsJournaled());
        for (final Header event : read(result))
        {
            assertEquals("mq_notify_cases", event.comm);
        }
    }

    @Test
    void uidFilterKeepsOnlyThatUser() throws Exception
    {
        final Path nobodyFacts = worldWritableFile();
        // The checkout may sit below a directory nobody cannot enter: run a copy from /tmp.
        final Path binary = Files.createTempDirectory(Path.of("/tmp"), "ringcap-nobody-bin");
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
        binary.toFile().deleteOnExit(); // registered first, deleted last
        final Path nobodyCases = Files.copy(Path.of(cases()), binary.resolve("mq_notify_cases"));
        nobodyCases.toFile().deleteOnExit();
        final String script = "setpriv --reuid=65534 --regid=65534 --clear-groups " + nobodyCases + " " + nobodyFacts +
            " && " + cases() + " " + temp.resolve("root.txt");
        final CaptureResult result = capture(List.of("sh", "-c", script), filter(0, 65534, 0, null, MQ_NOTIFY));

        assertEquals(0, result.commandExitCode());
        assertEquals(5, result.eventsSubmitted(), "root's five calls were dropped in the kernel");
        final int nobodyPid = Integer.parseInt(KernelTests.facts(nobodyFacts).get("pid"));
        for (final Header event : read(result))
        {
            assertEquals(65534, event.uid);
            assertEquals(nobodyPid, event.hostPid);
        }
    }

    @Test
    void cgroupFilterKeepsOnlyThatCgroup() throws Exception
    {
        final Path root = Cgroups.mountPoint().orElseThrow(() -> new AssertionError("no cgroup2 mount"));
        final Path cgroup = Files.createDirectory(root.resolve("ringcap-test-" + ProcessHandle.current().pid()));
        try
        {
            final long cgroupId = Cgroups.resolve("/" + cgroup.getFileName());
            final String script = "sh -c 'echo $$ > " + cgroup.resolve("cgroup.procs") + " && exec " + cases() + " " +
                temp.resolve("inside.txt") + "' && " + cases() + " " + temp.resolve("outside.txt");
            final CaptureResult result = capture(List.of("sh", "-c", script), filter(0, ConfigLayout.ANY_UID, cgroupId, null, MQ_NOTIFY));

            assertEquals(0, result.commandExitCode());
            assertEquals(5, result.eventsSubmitted());
            final int insidePid = Integer.parseInt(KernelTests.facts(temp.resolve("inside.txt")).get("pid"));
            for (final Header event : read(result))
            {
                assertEquals(cgroupId, event.cgroupId);
                assertEquals(insidePid, event.hostPid);
            }
        }
        finally
        {
            Files.deleteIfExists(cgroup);
        }
    }

    @Test
    void pidFilterKeepsOnlyThatProcessOnTheWholeHost() throws Exception
    {
        final Process waiting = new ProcessBuilder(cases(), temp.resolve("wanted.txt").toString(), "wait")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        final int pid = (int)waiting.pid();
        final Path journal = temp.resolve("journal");
        final CaptureSession session = new CaptureSession(CaptureOptions.of(journal, List.of(), 1 << 22)
            .withBpfConfig(filter(pid, ConfigLayout.ANY_UID, 0, null, MQ_NOTIFY)));
        final BackgroundCapture capture = BackgroundCapture.startAttached(session);

        final Process other = new ProcessBuilder(cases(), temp.resolve("other.txt").toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, other.waitFor(), "another process makes the same calls meanwhile");
        try (OutputStream stdin = waiting.getOutputStream())
        {
            stdin.write('\n');
        }
        assertEquals(0, waiting.waitFor());
        final CaptureResult[] result = {capture.stop()};

        assertEquals(5, result[0].eventsSubmitted());
        for (final Header event : read(result[0]))
        {
            assertEquals(pid, event.hostPid);
        }
    }

    @Test
    void eventFilterDropsOtherEventTypes() throws Exception
    {
        final CaptureResult result = capture(List.of(races(), "deliver", temp.resolve("races.txt").toString()),
            filter(0, ConfigLayout.ANY_UID, 0, null, 1L << EventType.MQ_NOTIFY_DELIVERED));

        assertEquals(0, result.commandExitCode());
        assertEquals(1, result.eventsSubmitted(), "the delivery only: no mq_notify, no mq_timedsend, no exec");
        final List<Header> events = read(result);
        assertEquals(1, events.size());
        assertEquals(EventType.MQ_NOTIFY_DELIVERED, events.get(0).type);
    }

    private CaptureResult capture(final List<String> command, final BpfConfig config) throws Exception
    {
        final Path journal = temp.resolve("journal");
        final CaptureResult result = new CaptureSession(CaptureOptions.of(journal, command, 1 << 22).withBpfConfig(config)).run();
        assertEquals(0, result.eventsDropped());
        return result;
    }

    private static BpfConfig filter(final int pid, final int uid, final long cgroupId, final String comm, final long events)
    {
        return new BpfConfig(0, pid, uid, cgroupId, comm, events, 0, false);
    }

    private static List<Header> read(final CaptureResult result)
    {
        final List<Header> events = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(result.journal()))
        {
            final EventHeaderDecoder header = new EventHeaderDecoder();
            reader.forEachRecord((buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                events.add(new Header(header.eventType(), header.hostPid(), header.uid(), header.cgroupId(), header.comm()));
            });
        }
        assertEquals(result.eventsJournaled(), events.size());
        return events;
    }

    private static Path worldWritableFile() throws Exception
    {
        final Path file = Files.createTempFile(Path.of("/tmp"), "ringcap-nobody", ".txt");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        file.toFile().deleteOnExit();
        return file;
    }


    private static String cases()
    {
        return KernelTests.nativeBin("mq_notify_cases").toString();
    }

    private static String races()
    {
        return KernelTests.nativeBin("mq_notify_races").toString();
    }

    private record Header(int type, int hostPid, long uid, long cgroupId, String comm)
    {
    }
}
