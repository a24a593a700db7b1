package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.journal.JournalDirectory;
import io.ringcap.journal.JournalWriter;
import io.ringcap.linux.LibC;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal directory is the capture's own: refused when another user owns it or its group or
 * others may write it (one line, exit 2, left as it was); created 0700 with its missing parents,
 * files 0600. Runs as root (chown to nobody); the refusals need no kernel: they come before loading.
 */
class JournalDirectoryModeTest
{
    private static final int NOBODY = 65534;
    private static final String FIX = ": others could replace its files; give a directory owned by root (uid 0) that only " +
        "it can write, or a new --journal";

    @TempDir
    Path temp;

    @BeforeEach
    void requireRoot()
    {
        KernelTests.require(LibC.geteuid() == 0, "chown to nobody needs root");
    }

    @Test
    void anEmptyDirectoryOwnedByNobodyWithMode0777IsRefusedAndLeftSo() throws Exception
    {
        final Path journal = directory("open", 0777, NOBODY);

        final Outcome outcome = run("--journal", journal.toString(), "--", "true");

        assertEquals(2, outcome.exit);
        assertEquals(List.of("ringcap: journal directory " + journal + " is owned by nobody (uid 65534) and writable " +
            "by its group and others (mode 0777)" + FIX), outcome.errLines());
        assertEquals(Map.of("uid", NOBODY, "mode", 040777), Files.readAttributes(journal, "unix:uid,mode"));
        assertEquals(List.of(), list(journal));
    }

    @Test
    void aGroupWritableDirectoryOfRootsIsRefused() throws Exception
    {
        final Path journal = directory("shared", 0770, 0);

        final Outcome outcome = run("--journal", journal.toString(), "--", "true");

        assertEquals(2, outcome.exit);
        assertEquals(List.of("ringcap: journal directory " + journal + " is writable by its group (mode 0770)" + FIX),
            outcome.errLines());
        assertEquals(List.of(), list(journal));
    }

    @Test
    void aDirectoryOwnedByNobodyIsRefusedEvenAt0755() throws Exception
    {
        final Path journal = directory("theirs", 0755, NOBODY);

        final Outcome outcome = run("--journal", journal.toString(), "--", "true");

        assertEquals(2, outcome.exit);
        assertEquals(List.of("ringcap: journal directory " + journal + " is owned by nobody (uid 65534)" + FIX),
            outcome.errLines());
    }

    @Test
    void aJournalWithAFileAnotherUserOwnsIsRefusedAndUntouched() throws Exception
    {
        final Path journal = temp.resolve("earlier");
        try (JournalWriter writer = new JournalWriter(journal))
        {
            writer.writeMetadata(new JournalMetadata(JournalFormat.FORMAT_VERSION, "h", "k", 0, "tracepoint", 4096, 1, "host"));
            writer.writeSummary(0, 0, 0); // a finished capture's: appendable
        }
        final Path metadata = journal.resolve("metadata.cq4t");
        Files.setAttribute(metadata, "unix:uid", NOBODY);
        final Map<String, Long> sizes = sizes(journal);

        final Outcome outcome = run("--journal", journal.toString(), "--", "true");

        assertEquals(2, outcome.exit);
        assertEquals(List.of("ringcap: journal file " + metadata + " is owned by nobody (uid 65534): others could " +
            "rewrite it; choose a new --journal"), outcome.errLines());
        assertEquals(sizes, sizes(journal));
    }

    @Test
    void aMissingDirectoryAndItsMissingParentsAreCreated0700() throws Exception
    {
        final Path journal = temp.resolve("a/b/journal");

        final JournalDirectory.Created created = JournalDirectory.create(journal);

        assertEquals(List.of(temp.resolve("a"), temp.resolve("a/b"), journal), created.made());
        assertTrue(created.startedEmpty());
        for (final Path dir : created.made())
        {
            assertEquals(Map.of("uid", 0, "mode", 040700), Files.readAttributes(dir, "unix:uid,mode"), dir.toString());
        }
        assertEquals(List.of(temp.resolve("a"), temp.resolve("a/b"), journal), created.made());
        assertTrue(JournalDirectory.removeIfOnlyOurs(created));
        assertFalse(Files.exists(temp.resolve("a")), "every directory it made is gone again");
    }

    @Test
    void aDirectoryThatCannotBeCreatedSaysWhy() throws Exception
    {
        final Path file = Files.writeString(temp.resolve("file"), "x");
        assertEquals("cannot create journal directory " + file.resolve("journal") + ": Not a directory",
            assertThrows(IllegalArgumentException.class, () -> JournalDirectory.create(file.resolve("journal"))).getMessage());
        assertEquals("cannot create journal directory /proc/ringcap-no/journal: cannot create /proc/ringcap-no: " +
            "No such file or directory",
            assertThrows(IllegalArgumentException.class,
                () -> JournalDirectory.create(Path.of("/proc/ringcap-no/journal"))).getMessage());
    }

    @Test
    void anEarlierJournalIsNeverRemoved() throws Exception
    {
        final Path journal = temp.resolve("earlier");
        try (JournalWriter writer = new JournalWriter(journal))
        {
            writer.writeMetadata(new JournalMetadata(JournalFormat.FORMAT_VERSION, "h", "k", 0, "tracepoint", 4096, 1, "host"));
            writer.writeSummary(0, 0, 0); // a finished capture's: appendable
        }
        final JournalDirectory.Created created = JournalDirectory.create(journal);
        assertEquals(List.of(), created.made());
        assertFalse(created.startedEmpty());
        assertFalse(JournalDirectory.removeIfOnlyOurs(created));
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertEquals("host", reader.metadata().target());
        }
    }

    /** On the kernel: a capture makes its journal and parents 0700, its files 0600; /proc/x says why it cannot. */
    @Test
    void aCaptureCreatesItsJournal0700AndFiles0600() throws Exception
    {
        KernelTests.requireBpf();
        final Path journal = temp.resolve("new/journal");

        final Outcome outcome = run("--journal", journal.toString(), "--events", "mq_notify", "--", "true");

        assertEquals(0, outcome.exit, outcome.err);
        assertEquals(040700, Files.getAttribute(temp.resolve("new"), "unix:mode"));
        assertEquals(040700, Files.getAttribute(journal, "unix:mode"));
        final List<String> files = list(journal);
        assertTrue(files.contains("metadata.cq4t") && files.stream().anyMatch(f -> f.endsWith(".cq4")), files.toString());
        for (final String file : files)
        {
            assertEquals(0100600, Files.getAttribute(journal.resolve(file), "unix:mode"), file);
        }

        final Outcome proc = run("--journal", "/proc/x", "--", "true");
        assertEquals(2, proc.exit);
        assertEquals(List.of("ringcap: cannot create journal directory /proc/x: No such file or directory"), proc.errLines());
    }

    private Path directory(final String name, final int mode, final int uid) throws Exception
    {
        final Path dir = Files.createDirectory(temp.resolve(name));
        Files.setAttribute(dir, "unix:mode", mode);
        Files.setAttribute(dir, "unix:uid", uid);
        return dir;
    }

    private static List<String> list(final Path dir) throws Exception
    {
        try (Stream<Path> entries = Files.list(dir))
        {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, Long> sizes(final Path dir) throws Exception
    {
        final Map<String, Long> sizes = new TreeMap<>();
        for (final String name : list(dir))
        {
            sizes.put(name, Files.size(dir.resolve(name)));
        }
        return sizes;
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
