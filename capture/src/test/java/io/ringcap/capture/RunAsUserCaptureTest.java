package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringcap.linux.Users;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.wire.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -u USER -- CMD on the real kernel: CMD runs as the user, its events carry the user's ids, the journal is root's. */
class RunAsUserCaptureTest
{
    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void theCommandsEventsCarryTheUsersIds() throws Exception
    {
        final Users.Account nobody = Users.account("nobody");
        assertEquals(65534, nobody.uid(), "Debian's nobody");
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx--x--x")); // nobody may pass through
        final Path open = Files.createDirectory(temp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx")); // nobody writes its facts here
        final Path facts = open.resolve("facts.txt");

        final CaptureResult result = new CaptureSession(CaptureOptions.of(temp.resolve("journal"),
            List.of(KernelTests.nativeBin("mq_notify_cases").toString(), facts.toString()), 1 << 22)
            .withRunAs(nobody)).run();

        assertEquals(0, result.commandExitCode());
        final Map<String, String> known = KernelTests.facts(facts);
        assertEquals("65534", known.get("uid"), "CMD saw itself as nobody");
        assertEquals(Integer.toString(nobody.gid()), known.get("gid"));
        final List<long[]> calls = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(result.journal()))
        {
            final EventHeaderDecoder header = new EventHeaderDecoder();
            reader.forEachRecord((buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                if (header.eventType() == EventType.MQ_NOTIFY)
                {
                    calls.add(new long[] {header.uid(), header.gid(), header.hostPid()});
                }
            });
        }
        assertEquals(5, calls.size(), "mq_notify_cases' five calls");
        for (final long[] call : calls)
        {
            assertEquals(65534, call[0]);
            assertEquals(nobody.gid(), call[1]);
            assertEquals(Long.parseLong(known.get("pid")), call[2], "setpriv exec'd CMD: the pid the tree follows");
        }
    }

    @Test
    void anUnknownUserOrNoCommandIsOneLineAndExitTwo()
    {
        final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        assertEquals(2, CaptureCommand.run(new String[] {"-u", "no-such-user-here", "--", "true"},
            new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("ringcap: -u no-such-user-here: no such user in /etc/passwd\n",
            err.toString(java.nio.charset.StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, CaptureCommand.run(new String[] {"-u", "nobody"},
            new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("ringcap: -u runs -- CMD as a user: give -- CMD\n", err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
