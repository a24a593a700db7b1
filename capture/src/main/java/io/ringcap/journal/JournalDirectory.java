package io.ringcap.journal;

import io.ringcap.linux.LibC;
import io.ringcap.linux.Users;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.ReaderSidecar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.ValueIn;

/**
 * Decides whether capture may write into a journal directory: a new or empty one, or an existing
 * ringcap journal of this format version, to which a capture appends a segment. A journal holds
 * Chronicle's files ({@code *.cq4} cycle files, {@code *.cq4t} tables) and the cycle files' reader
 * sidecars ({@code *.cq4.readers}, {@link ReaderSidecar}) and shippers' checkpoints
 * ({@code ship-TOPIC.checkpoint}, {@link io.ringcap.wire.ShipCheckpoint}). Anything else (foreign files, another
 * format version, a damaged queue) is refused before anything is written.
 * <p>
 * The directory is the capture's own, as ssh's StrictModes wants of ~/.ssh: one that another user
 * owns or that its group or others may write is refused, since they could replace its cycle files
 * (which the capture maps and replay trusts) or plant one the next capture appends to. The same
 * holds for the files of an existing journal. A missing directory is created 0700, and so is every
 * missing parent (the default journals/ too): what a capture creates is private to its user, like
 * the 0600 files its umask gives. Existing parents are not checked.
 */
public final class JournalDirectory
{
    private static final String QUEUE_METADATA_FILE = "metadata.cq4t";
    private static final String CYCLE_FILE_SUFFIX = ".cq4";
    /** The first METADATA of the oldest cycle is among its first few excerpts (see JournalFormat). */
    private static final int EXCERPTS_TO_FIRST_METADATA = 64;
    private static final long HEADER_WAIT_MS = 1_000;
    private static final int PRIVATE_DIRECTORY_MODE = 0700;
    private static final int GROUP_WRITE = 020;
    private static final int OTHERS_WRITE = 002;

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
        requirePrivate(journal, true);
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
                (name.endsWith(CYCLE_FILE_SUFFIX) || name.endsWith(".cq4t") || ReaderSidecar.isSidecar(name) ||
                    io.ringcap.wire.ShipCheckpoint.isShipperFile(name))))
            {
                throw notAJournal(journal, "it holds " + name + ", which is not a journal file");
            }
            requirePrivate(entry, false);
        }
        if (!cycleFiles || !Files.isRegularFile(journal.resolve(QUEUE_METADATA_FILE)))
        {
            throw notAJournal(journal, "it holds no Chronicle Queue cycle files and " + QUEUE_METADATA_FILE);
        }
        requireFormatVersion(journal);
        return true;
    }

    /**
     * Creates the journal directory and its missing parents, each 0700, one mkdir(2) at a time so
     * that a failure names the directory and the kernel's reason (a FileSystemException often
     * carries the path alone).
     *
     * @return what this call created, for {@link #removeIfOnlyOurs}.
     * @throws IllegalArgumentException in one line when a directory cannot be created.
     */
    public static Created create(final Path journal)
    {
        final boolean startedEmpty = !requireAppendable(journal);
        final List<Path> missing = new ArrayList<>();
        for (Path dir = journal; null != dir && !Files.exists(dir); dir = dir.getParent())
        {
            missing.add(dir);
        }
        Collections.reverse(missing); // outermost first
        final List<Path> made = new ArrayList<>();
        for (final Path dir : missing)
        {
            if (0 != LibC.mkdir(dir.toString(), PRIVATE_DIRECTORY_MODE))
            {
                final int errno = LibC.errno();
                if (errno == LibC.EEXIST && Files.isDirectory(dir))
                {
                    continue; // made meanwhile by someone else: requireAppendable below judges it
                }
                throw new IllegalArgumentException("cannot create journal directory " + journal + ": " +
                    (dir.equals(journal) ? "" : "cannot create " + dir + ": ") + LibC.describe(errno));
            }
            made.add(dir);
        }
        if (made.size() != missing.size())
        {
            requireAppendable(journal);
        }
        return new Created(journal, List.copyOf(made), startedEmpty);
    }

    /**
     * Undoes {@link #create} and the capture's own files after a capture that could not start what
     * it was to trace: only a journal that held nothing before (absent or empty) loses its files,
     * and only the directories this capture made are removed, innermost first, each only if empty.
     * An earlier journal is never touched.
     *
     * @return true when nothing of the capture is left.
     */
    public static boolean removeIfOnlyOurs(final Created created)
    {
        if (!created.startedEmpty())
        {
            return false;
        }
        try (Stream<Path> list = Files.list(created.journal()))
        {
            for (final Path entry : list.toList())
            {
                final String name = entry.getFileName().toString();
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) &&
                    (name.endsWith(CYCLE_FILE_SUFFIX) || name.endsWith(".cq4t") || ReaderSidecar.isSidecar(name)))
                {
                    Files.delete(entry);
                }
            }
            for (int i = created.made().size() - 1; i >= 0; i--)
            {
                Files.delete(created.made().get(i));
            }
            return true;
        }
        catch (final DirectoryNotEmptyException | NoSuchFileException ex)
        {
            return false; // something else is in there: it stays
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * @param journal     the journal directory as the user named it.
     * @param made        the directories created, outermost first (empty when it existed).
     * @param startedEmpty true when the journal was absent or empty, so every file in it is this capture's.
     */
    public record Created(Path journal, List<Path> made, boolean startedEmpty)
    {
    }

    /**
     * @throws IllegalArgumentException in one line when another user owns the path or its group or
     *                                  others may write it.
     */
    private static void requirePrivate(final Path path, final boolean directory)
    {
        final String what = directory ? "journal directory" : "journal file";
        final Map<String, Object> attributes;
        try
        {
            attributes = Files.readAttributes(path, "unix:uid,mode");
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read the owner and mode of " + what + " " + path + ": " +
                oneLine(ex));
        }
        final int uid = (Integer)attributes.get("uid");
        final int mode = (Integer)attributes.get("mode") & 07777;
        final int euid = LibC.geteuid();
        final List<String> problems = new ArrayList<>(2);
        if (uid != euid)
        {
            problems.add("owned by " + Users.describe(uid));
        }
        if (0 != (mode & (GROUP_WRITE | OTHERS_WRITE)))
        {
            final String who = 0 == (mode & OTHERS_WRITE) ? "its group" : 0 == (mode & GROUP_WRITE) ? "others" :
                "its group and others";
            problems.add(String.format("writable by %s (mode %04o)", who, mode));
        }
        if (!problems.isEmpty())
        {
            throw new IllegalArgumentException(what + " " + path + " is " + String.join(" and ", problems) +
                (directory ? ": others could replace its files; give a directory owned by " + Users.describe(euid) +
                    " that only it can write, or a new --journal" :
                    ": others could rewrite it; choose a new --journal"));
        }
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
                    // Version 4 put a checksum between the block type and the fields; earlier ones had none.
                    final long fields = bytes.readPosition();
                    bytes.readSkip(JournalFormat.BLOCK_HEADER_LENGTH - Integer.BYTES);
                    ValueIn in = dc.wire().read(name);
                    if (!JournalFormat.META_FORMAT_VERSION.contentEquals(name))
                    {
                        bytes.readPosition(fields);
                        in = dc.wire().read(name);
                    }
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
                        bytes.readSkip(JournalFormat.BLOCK_HEADER_LENGTH - Integer.BYTES); // the checksum
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
