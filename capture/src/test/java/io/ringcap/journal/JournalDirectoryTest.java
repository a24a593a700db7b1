package io.ringcap.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import io.ringcap.wire.ReaderSidecar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A journal's reader sidecars are journal files to the append check; look-alikes are not. */
class JournalDirectoryTest
{
    @TempDir
    Path temp;

    private Path journal;
    private Path cycle;

    @BeforeEach
    void writeJournal() throws Exception
    {
        journal = temp.resolve("journal");
        final Process gone = new ProcessBuilder("true").start();
        assertEquals(0, gone.waitFor());
        try (JournalWriter writer = new JournalWriter(journal))
        {
            writer.writeMetadata(new JournalMetadata(JournalFormat.FORMAT_VERSION, "h", "k", 0, "tracepoint", 4096,
                (int)gone.pid(), "host")); // a dead capture's segment: appendable
        }
        try (Stream<Path> files = Files.list(journal))
        {
            cycle = files.filter(p -> p.getFileName().toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    @Test
    void sidecarsOfCyclesThatExistAndOfCyclesAheadAreJournalFiles() throws Exception
    {
        Files.createFile(ReaderSidecar.of(cycle));
        Files.createFile(journal.resolve("29991231F.cq4.readers"));
        assertTrue(JournalDirectory.requireAppendable(journal));
    }

    @Test
    void lookAlikesAreForeign() throws Exception
    {
        for (final String name : List.of("notes.readers", ".cq4.readers", "20261122F.cq4.readers.bak"))
        {
            final Path foreign = Files.createFile(journal.resolve(name));
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> JournalDirectory.requireAppendable(journal));
            assertEquals("journal directory " + journal + " is not a ringcap journal: it holds " + name + ", which is " +
                "not a journal file; choose a new --journal (ringcap appends only to its own journals)",
                refused.getMessage());
            Files.delete(foreign);
        }
        final Path directory = Files.createDirectory(ReaderSidecar.of(cycle));
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> JournalDirectory.requireAppendable(journal));
        assertEquals("journal directory " + journal + " is not a ringcap journal: it holds " + directory.getFileName() +
            ", which is not a journal file; choose a new --journal (ringcap appends only to its own journals)",
            refused.getMessage());
    }
}
