package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.journal.JournalWriter;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.replay.journal.JournalSegment;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A CMD that cannot start: one line, 127 or 126 as a shell says, and no journal left behind; an
 * earlier journal keeps its data. What the METADATA says of CMD: its name, its arguments only
 * with --record-args.
 */
class CommandStartTest
{
    @TempDir
    Path temp;

    @Test
    void aMissingCommandExits127BeforeAnythingIsCreated()
    {
        final Path journal = temp.resolve("journal");
        final Outcome path = run("--journal", journal.toString(), "--", "/nonexistent", "arg");
        assertEquals(127, path.exit);
        assertEquals(List.of("ringcap: cannot run /nonexistent: No such file or directory"), path.errLines());

        final Outcome name = run("--journal", journal.toString(), "--", "ringcap-no-such-command");
        assertEquals(127, name.exit);
        assertEquals(List.of("ringcap: cannot run ringcap-no-such-command: command not found"), name.errLines());
        assertFalse(Files.exists(journal), "no journal directory");
    }

    @Test
    void aCommandThatCannotBeExecutedExits126() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final Path notExecutable = Files.writeString(temp.resolve("script"), "#!/bin/sh\n");
        final Outcome file = run("--journal", journal.toString(), "--", notExecutable.toString());
        assertEquals(126, file.exit);
        assertEquals(List.of("ringcap: cannot run " + notExecutable + ": Permission denied"), file.errLines());

        final Outcome dir = run("--journal", journal.toString(), "--", temp.toString());
        assertEquals(126, dir.exit);
        assertEquals(List.of("ringcap: cannot run " + temp + ": Is a directory"), dir.errLines());
        assertFalse(Files.exists(journal), "no journal directory");
    }

    /**
     * An executable whose interpreter is missing passes the check and fails in execve (ENOENT), once
     * the programs are loaded and the journal made: the journal goes again; an earlier one stays.
     */
    @Test
    void aCommandThatFailsToExecLeavesNoNewJournalAndAnEarlierOneIntact() throws Exception
    {
        KernelTests.requireBpf();
        final Path badInterpreter = Files.writeString(temp.resolve("bad"), "#!/nonexistent/interpreter\n");
        Files.setPosixFilePermissions(badInterpreter, PosixFilePermissions.fromString("rwx------"));
        final Path journal = temp.resolve("parent/journal");

        final Outcome fresh = run("--journal", journal.toString(), "--", badInterpreter.toString());

        assertEquals(127, fresh.exit, fresh.err);
        assertEquals(List.of("ringcap: cannot run " + badInterpreter + ": No such file or directory"), fresh.errLines());
        assertFalse(Files.exists(temp.resolve("parent")), "neither the journal nor the parent made for it is left");

        final Path earlier = temp.resolve("earlier");
        try (JournalWriter writer = new JournalWriter(earlier))
        {
            writer.writeMetadata(new JournalMetadata(JournalFormat.FORMAT_VERSION, "h", "k", 0, "tracepoint", 4096, 1, "host"));
            writer.writeSummary(0, 0, 0);
        }
        final Outcome append = run("--journal", earlier.toString(), "--", badInterpreter.toString());
        assertEquals(127, append.exit, append.err);
        try (JournalReader reader = JournalReader.open(earlier))
        {
            reader.forEachRecord((buffer, offset, length) -> { }); // the walk that fills in the segments
            final List<JournalSegment> segments = reader.segments();
            assertEquals(2, segments.size(), segments.toString());
            assertEquals("host", segments.get(0).metadata().target(), "the earlier segment is kept");
            assertEquals("bad", Path.of(segments.get(1).metadata().target()).getFileName().toString());
            assertTrue(null != segments.get(1).summary(), "this one is closed with its summary");
        }
    }

    @Test
    void theMetadataNamesTheCommandAndKeepsItsArgumentsOnlyWithRecordArgs() throws Exception
    {
        KernelTests.requireBpf();
        final Path plain = temp.resolve("plain");
        assertEquals(0, run("--journal", plain.toString(), "--", "sh", "-c", "exit 0", "password=hunter2").exit);
        final Path recorded = temp.resolve("recorded");
        assertEquals(0, run("--record-args", "--journal", recorded.toString(), "--", "sh", "-c", "exit 0",
            "password=hunter2").exit);

        try (JournalReader reader = JournalReader.open(plain))
        {
            assertEquals("sh", reader.metadata().target());
        }
        try (JournalReader reader = JournalReader.open(recorded))
        {
            assertEquals("sh -c exit 0 password=hunter2", reader.metadata().target());
        }
    }

    @Test
    void theHelpDocumentsRecordArgs()
    {
        final String usage = new CommandLine(new CaptureCommand(System.err)).getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(usage.contains("      --record-args         Record CMD's arguments in the journal, not only its\n" +
            "                              name (off by default: arguments may be secrets).\n"), usage);
    }

    private static Outcome run(final String... args)
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = CaptureCommand.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, err.toString(StandardCharsets.UTF_8));
    }

    private record Outcome(int exit, String err)
    {
        List<String> errLines()
        {
            return err.lines().toList();
        }
    }
}
