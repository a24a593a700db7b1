package io.ringcap.replay.journal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.TimeZone;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * A journal directory as files, before and beside Chronicle: whether it is one at all, which cycle
 * file holds which cycle (so that one Chronicle cannot open can still be scanned), and what a read
 * past a cut-off file looks like.
 */
final class JournalFiles
{
    static final String QUEUE_FILE_SUFFIX = ".cq4";
    /** Chronicle Queue writes it with the first cycle; read-only without it, Chronicle logs a warning and guesses. */
    static final String QUEUE_METADATA_FILE = "metadata.cq4t";

    private JournalFiles()
    {
    }

    /**
     * A queue file cut short: Chronicle maps it in chunks and a read past its end is a SIGBUS, which
     * the JVM raises (possibly a little later, in compiled code) as an InternalError.
     */
    static JournalException truncated(final Path directory, final InternalError ex)
    {
        if (ex.getMessage() == null || !ex.getMessage().contains("unsafe memory access"))
        {
            throw ex;
        }
        return new JournalException("journal " + directory +
            " cannot be read: a queue file ends before the data it indexes (truncated, or its disk full?)", ex);
    }

    static void requireQueueFiles(final Path directory)
    {
        if (!Files.exists(directory))
        {
            throw new JournalException("journal directory " + directory + " does not exist");
        }
        if (!Files.isDirectory(directory))
        {
            throw new JournalException(directory + " is not a directory: a journal is a directory");
        }

        // Opening a directory without queue files would look like an empty journal; say what it is.
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + QUEUE_FILE_SUFFIX))
        {
            if (!files.iterator().hasNext())
            {
                throw new JournalException(
                    directory + " is not a journal: it holds no Chronicle Queue " + QUEUE_FILE_SUFFIX + " files");
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot list journal directory " + directory + ": " + JournalException.describe(ex), ex);
        }
        if (!Files.isRegularFile(directory.resolve(QUEUE_METADATA_FILE)))
        {
            throw new JournalException(
                directory + " is not a readable Chronicle Queue journal: it has .cq4 files but no " + QUEUE_METADATA_FILE);
        }
    }

    /**
     * @return the name Chronicle gives a cycle's file, e.g. {@code 20261123F.cq4}: for a file that
     *         is not there. Allocates: for messages and once-per-cycle work only.
     */
    static String cycleFileName(final SingleChronicleQueue queue, final int cycle)
    {
        final SimpleDateFormat format = new SimpleDateFormat(queue.rollCycle().format());
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        return format.format(new Date(queue.epoch() + (long)cycle * queue.rollCycle().lengthInMillis())) + QUEUE_FILE_SUFFIX;
    }

    /**
     * Cycle number to cycle file, from the directory listing and the roll cycle's file-name format,
     * so that a cycle Chronicle cannot open (truncated, damaged header) can still be scanned.
     */
    static Map<Integer, Path> cycleFiles(final Path directory, final SingleChronicleQueue queue)
    {
        final Map<Integer, Path> files = new HashMap<>();
        final SimpleDateFormat format = new SimpleDateFormat(queue.rollCycle().format());
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        final long length = queue.rollCycle().lengthInMillis();
        try (DirectoryStream<Path> cycles = Files.newDirectoryStream(directory, "*" + QUEUE_FILE_SUFFIX))
        {
            for (final Path file : cycles)
            {
                final String name = file.getFileName().toString();
                try
                {
                    final long millis = format.parse(name.substring(0, name.length() - QUEUE_FILE_SUFFIX.length())).getTime();
                    files.put((int)Math.floorDiv(millis - queue.epoch(), length), file);
                }
                catch (final ParseException ex)
                {
                    // not a cycle file of this roll cycle: Chronicle ignores it too
                }
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot list journal directory " + directory + ": " + JournalException.describe(ex), ex);
        }
        return files;
    }
}
