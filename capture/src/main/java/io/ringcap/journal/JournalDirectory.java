package io.ringcap.journal;

import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.ReaderSidecar;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.ValueIn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Decides whether capture may write into a journal directory: a new or empty one, or an existing
 * ringcap journal of this format version, to which a capture appends a segment. A journal holds
 * Chronicle's files ({@code *.cq4} cycle files, {@code *.cq4t} tables) and the cycle files' reader
 * sidecars ({@code *.cq4.readers}, {@link ReaderSidecar}). Anything else (foreign files, another
 * format version, a damaged queue) is refused before anything is written.
 */
public final class JournalDirectory
{
    private static final String QUEUE_METADATA_FILE = "metadata.cq4t";
    private static final String CYCLE_FILE_SUFFIX = ".cq4";
    /** The first METADATA of the oldest cycle is among its first few excerpts (see JournalFormat). */
    private static final int EXCERPTS_TO_FIRST_METADATA = 64;
    private static final long HEADER_WAIT_MS = 1_000;

    private JournalDirectory()
    {
    }

    /**
     * @return true when the directory holds a journal (the capture appends a segment), false when it
     *         is absent or empty (the capture starts a journal).
     * @throws IllegalArgumentException in one line when capture must not write there.
     */
    public static boolean requireAppendable(final Path journal)
    {
        if (!Files.exists(journal))
        {
            return false;
        }
        if (!Files.isDirectory(journal))
        {
            throw new IllegalArgumentException("journal path " + journal + " exists and is not a directory");
        }
        final List<Path> entries;
        try (Stream<Path> list = Files.list(journal))
        {
            entries = list.toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        if (entries.isEmpty())
        {
            return false;
        }
        boolean cycleFiles = false;
        for (final Path entry : entries)
        {
            final String name = entry.getFileName().toString();
            cycleFiles |= name.endsWith(CYCLE_FILE_SUFFIX);
            if (!(Files.isRegularFile(entry) &&
                (name.endsWith(CYCLE_FILE_SUFFIX) || name.endsWith(".cq4t") || ReaderSidecar.isSidecar(name))))
            {
                throw notAJournal(journal, "it holds " + name + ", which is not a journal file");
            }
        }
        if (!cycleFiles || !Files.isRegularFile(journal.resolve(QUEUE_METADATA_FILE)))
        {
            throw notAJournal(journal, "it holds no Chronicle Queue cycle files and " + QUEUE_METADATA_FILE);
        }
        requireFormatVersion(journal);
        return true;
    }

    private static void requireFormatVersion(final Path journal)
    {
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(journal.toFile()).readOnly(true)
                .timeoutMS(HEADER_WAIT_MS).build();
            ExcerptTailer tailer = queue.createTailer())
        {
            for (int excerpt = 0; excerpt < EXCERPTS_TO_FIRST_METADATA; excerpt++)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    if (bytes.readRemaining() < Integer.BYTES || bytes.readInt() != JournalFormat.BLOCK_METADATA)
                    {
                        continue;
                    }
                    final StringBuilder name = new StringBuilder();
                    final ValueIn in = dc.wire().read(name);
                    if (!JournalFormat.META_FORMAT_VERSION.contentEquals(name))
                    {
                        throw notAJournal(journal, "its METADATA block does not start with " +
                            JournalFormat.META_FORMAT_VERSION);
                    }
                    final int version = in.int32();
                    if (version != JournalFormat.FORMAT_VERSION)
                    {
                        throw new IllegalArgumentException("journal " + journal + " has format version " + version +
                            "; this capture writes version " + JournalFormat.FORMAT_VERSION +
                            " and appends only to journals of its own version: choose a new --journal");
                    }
                    requireNoLiveWriter(journal, queue);
                    return;
                }
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw ex;
        }
        catch (final RuntimeException | InternalError ex)
        {
            throw notAJournal(journal, "its queue cannot be read (" + oneLine(ex) + ")");
        }
        throw notAJournal(journal, "it has no METADATA block");
    }

    /**
     * Two captures appending at once would interleave their segments. The last segment is still
     * being written when it has no SUMMARY and the pid in its METADATA is alive (or reused: then
     * the user waits or picks another directory, and nothing is lost). A killed capture's pid is dead.
     */
    private static void requireNoLiveWriter(final Path journal, final SingleChronicleQueue queue)
    {
        try (ExcerptTailer backward = queue.createTailer())
        {
            backward.direction(TailerDirection.BACKWARD).toEnd();
            boolean last = true;
            while (true)
            {
                try (DocumentContext dc = backward.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final int blockType = bytes.readRemaining() < Integer.BYTES ? 0 : bytes.readInt();
                    if (last && blockType == JournalFormat.BLOCK_SUMMARY)
                    {
                        return; // the last capture stopped cleanly
                    }
                    last = false;
                    if (blockType == JournalFormat.BLOCK_METADATA)
                    {
                        final int pid = capturePid(dc);
                        if (pid > 0 && pid != ProcessHandle.current().pid() &&
                            ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                        {
                            throw new IllegalArgumentException("journal " + journal + " is being written by a capture " +
                                "that is still running (pid " + pid + "); stop it first or choose a new --journal");
                        }
                        return;
                    }
                }
            }
        }
    }

    private static int capturePid(final DocumentContext dc)
    {
        final StringBuilder name = new StringBuilder();
        while (dc.wire().bytes().readRemaining() > 0)
        {
            final ValueIn in = dc.wire().read(name);
            if (JournalFormat.META_CAPTURE_PID.contentEquals(name))
            {
                return in.int32();
            }
            in.skipValue();
        }
        return 0;
    }

    private static IllegalArgumentException notAJournal(final Path journal, final String why)
    {
        return new IllegalArgumentException("journal directory " + journal + " is not a ringcap journal: " + why +
            "; choose a new --journal (ringcap appends only to its own journals)");
    }

    private static String oneLine(final Throwable ex)
    {
        final String message = null == ex.getMessage() ? ex.getClass().getSimpleName() : ex.getMessage();
        return message.lines().findFirst().orElse(message).replaceAll("\\p{Cntrl}", "?");
    }
}
