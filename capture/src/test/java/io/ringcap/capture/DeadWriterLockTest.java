package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.journal.JournalWriter;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed with kill -9 inside an excerpt leaves Chronicle's write lock held by its dead pid
 * and the excerpt incomplete. The next capture's writer must take the lock over at once, not after
 * Chronicle's lock timeout (15 s by default), and the torn excerpt must never be read.
 */
class DeadWriterLockTest
{
    private static final int COMPLETE_EXCERPTS = 3;
    private static final String HOLDING = "holding";
    /** Chronicle recovers a dead writer's lock by itself after timeoutMS * 1.5. */
    private static final double CHRONICLE_LOCK_WAIT_SECONDS = 15;
    /** A warm writer's takeover measured 0.02-0.06 s; waiting out the lock would take 15 s. */
    private static final double TAKEOVER_LIMIT_SECONDS = CHRONICLE_LOCK_WAIT_SECONDS / 2;

    @TempDir
    Path temp;

    @Test
    @Timeout(60)
    void aWriterKilledInsideAnExcerptLeavesALockTheNextWriterTakesAtOnce() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final Process holder = new ProcessBuilder(ChildJvm.command(true, HoldWriteLock.class.getName(),
            List.of(journal.toString()))).redirectErrorStream(true).start();
        final BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null && !line.equals(HOLDING))
        {
            // Chronicle's start-up lines
        }
        assertEquals(HOLDING, line, "the child took the write lock inside an excerpt");
        holder.destroyForcibly(); // SIGKILL
        assertTrue(holder.waitFor(60, TimeUnit.SECONDS), "a bound on the kernel tearing the JVM down, not a measurement");

        // A writer on a journal of its own first: class loading, Chronicle's start-up and the first
        // mappings are paid there, so the timed step below is the takeover alone.
        try (JournalWriter warm = new JournalWriter(temp.resolve("warm-up")))
        {
            warm.writeMetadata(metadata("warm-up"));
        }
        final long start = System.nanoTime();
        try (JournalWriter writer = new JournalWriter(journal))
        {
            writer.writeMetadata(metadata("after the kill"));
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("dead writer's lock taken over in %.3f s%n", seconds);
        assertTrue(seconds < TAKEOVER_LIMIT_SECONDS, "the lock was taken over at once, not after Chronicle's " +
            CHRONICLE_LOCK_WAIT_SECONDS + " s lock wait: " + seconds + " s");

        final List<Integer> firstInts = new ArrayList<>();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(journal.toFile()).readOnly(true).build();
            ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    firstInts.add(dc.wire().bytes().readInt());
                }
            }
        }
        // The killed writer's complete excerpts, then the new writer's METADATA: the torn one is gone.
        assertEquals(List.of(1, 2, 3, JournalFormat.BLOCK_METADATA), firstInts);
    }

    private static JournalMetadata metadata(final String command)
    {
        return new JournalMetadata(JournalFormat.FORMAT_VERSION, "host", "6.18", 0, "tracepoint", 4096, 1, command);
    }

    /** Child JVM: writes complete excerpts 1..3, opens a fourth, says so, and waits to be killed. */
    public static final class HoldWriteLock
    {
        public static void main(final String[] args) throws Exception
        {
            final SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(args[0]).build();
            final ExcerptAppender appender = queue.createAppender();
            for (int i = 1; i <= COMPLETE_EXCERPTS; i++)
            {
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().writeInt(i);
                }
            }
            final DocumentContext torn = appender.writingDocument(); // holds the write lock until killed
            torn.wire().bytes().writeInt(-1);
            System.out.println(HOLDING);
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(1));
        }
    }
}
