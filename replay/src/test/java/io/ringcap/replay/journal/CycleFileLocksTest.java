package io.ringcap.replay.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.TestJournalWriter;
import io.ringcap.wire.ReaderSidecar;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An open reader locks its cycle file's sidecar and leaves the cycle file itself unlocked, so
 * Chronicle's writer can always take its exclusive lock there to grow the file. The JDK raises
 * OverlappingFileLockException for a lock this JVM already holds, which is how these checks see
 * from inside the JVM what another process would meet.
 */
class CycleFileLocksTest
{
    @TempDir
    Path dir;

    private Path cycle;

    @BeforeEach
    void writeJournal() throws Exception
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(TestJournalWriter.metadata(0));
        }
        try (Stream<Path> files = Files.list(dir))
        {
            final List<Path> cycles = files.filter(p -> p.getFileName().toString().endsWith(".cq4")).toList();
            assertEquals(1, cycles.size(), cycles.toString());
            cycle = cycles.get(0);
        }
    }

    @Test
    void aReaderLocksTheSidecarAndNeverTheCycleFile() throws Exception
    {
        Files.createFile(ReaderSidecar.of(cycle));
        try (JournalReader reader = JournalReader.open(dir))
        {
            awaitUsers(1);
            assertTrue(CycleFileLocks.locked(cycle.toFile()));
            try (FileChannel channel = FileChannel.open(cycle, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                final FileLock writerLock = channel.tryLock(); // what Chronicle's writer takes to grow the file
                assertNotNull(writerLock, "the cycle file is not locked");
                writerLock.release();
            }
            try (FileChannel channel = FileChannel.open(ReaderSidecar.of(cycle), StandardOpenOption.WRITE))
            {
                assertThrows(OverlappingFileLockException.class, channel::tryLock, "the sidecar is locked");
            }
            assertEquals(0, reader.forEachRecord((buffer, offset, length) -> { }));
        }
        assertFalse(CycleFileLocks.locked(cycle.toFile()), "closing the reader releases the sidecar");
        try (FileChannel channel = FileChannel.open(ReaderSidecar.of(cycle), StandardOpenOption.WRITE))
        {
            final FileLock retentionLock = channel.tryLock();
            assertNotNull(retentionLock, "retention may delete the cycle now");
            retentionLock.release();
        }
    }

    @Test
    void twoReadersInOneJvmShareOneLockThatGoesWithTheLast() throws Exception
    {
        Files.createFile(ReaderSidecar.of(cycle));
        final JournalReader first = JournalReader.open(dir);
        try (JournalReader second = JournalReader.open(dir))
        {
            awaitUsers(2); // one tailer each
            first.close();
            awaitUsers(1); // the release, like the acquisition, is reported from Chronicle's releaser thread
            assertEquals(1, CycleFileLocks.users(cycle.toFile()), "the second reader still has the cycle open");
            assertTrue(CycleFileLocks.locked(cycle.toFile()));
            assertEquals(0, second.forEachRecord((buffer, offset, length) -> { }));
        }
        finally
        {
            first.close();
        }
        awaitUsers(0);
        assertEquals(0, CycleFileLocks.users(cycle.toFile()));
        assertFalse(CycleFileLocks.locked(cycle.toFile()));
    }

    @Test
    void withoutASidecarTheReaderReadsUnguardedAndCreatesNothing() throws Exception
    {
        final List<Path> before = files();
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(TestJournalWriter.metadata(0), reader.metadata());
            assertEquals(0, reader.forEachRecord((buffer, offset, length) -> { }));
            awaitUsers(1);
            assertFalse(CycleFileLocks.locked(cycle.toFile()), "nothing to lock");
        }
        assertEquals(before, files(), "a reader writes nothing into the journal");
    }

    /**
     * Chronicle reports an acquired cycle file from its background resource-releaser thread: 240 ms
     * after the reader opened, measured here.
     */
    private void awaitUsers(final int users) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (CycleFileLocks.users(cycle.toFile()) != users && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(5);
        }
        assertEquals(users, CycleFileLocks.users(cycle.toFile()), "tailers with the cycle file open");
    }

    private List<Path> files() throws Exception
    {
        try (Stream<Path> list = Files.list(dir))
        {
            return list.sorted().toList();
        }
    }
}
