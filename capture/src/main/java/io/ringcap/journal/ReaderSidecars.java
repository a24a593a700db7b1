package io.ringcap.journal;

import io.ringcap.wire.ReaderSidecar;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The writer's side of reader registration ({@link ReaderSidecar}): creates each cycle file's
 * sidecar, so that readers, which open the journal read-only, find one to lock. Capture gives it to
 * the {@link JournalWriter} as its store-file listener, with retention (or null) as the next
 * listener, which it tells everything Chronicle tells it.
 * <p>
 * Chronicle reports an acquired cycle file from its background resource-releaser thread, a while
 * after it opened the file (240 ms after a reader opened one, measured in CycleFileLocksTest), and a
 * follower opens a new cycle file as soon as it appears. So the sidecar of a cycle is made before
 * its cycle file can exist: {@link #prepare} (the capture calls it before the writer's first
 * append) makes those of the current and the next cycle, and each cycle reported acquired has the
 * next one's made. The names come from Chronicle's own {@link RollingResourcesCache} (epoch 0, as
 * the writer's queue has), checked against every file Chronicle reports; the sidecar of a cycle
 * that never came (no event in it) is deleted by retention once a later cycle exists.
 */
public final class ReaderSidecars implements StoreFileListener
{
    private static final Logger LOG = LoggerFactory.getLogger(ReaderSidecars.class);
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    /** What the writer's queue has: SingleChronicleQueueBuilder's default, no rollTime set. */
    private static final long EPOCH = 0;

    private final RollingResourcesCache names;
    private final StoreFileListener next;
    private volatile boolean namesDiffer;

    /**
     * @param next told of every acquisition and release after this listener, or null.
     */
    public ReaderSidecars(final Path directory, final RollCycle rollCycle, final StoreFileListener next)
    {
        final File dir = directory.toFile();
        this.names = new RollingResourcesCache(rollCycle, EPOCH,
            name -> new File(dir, name + ReaderSidecar.CYCLE_FILE_SUFFIX),
            file -> file.getName().substring(0, file.getName().length() - ReaderSidecar.CYCLE_FILE_SUFFIX.length()));
        this.next = next;
    }

    /**
     * Before the writer's first append: the sidecars of the cycle of now and of the next one, so a
     * reader that opens the first cycle file finds its sidecar already there.
     *
     * @param nowMillis the wall clock, as Chronicle's writer reads it (System.currentTimeMillis).
     */
    public static void prepare(final Path directory, final RollCycle rollCycle, final long nowMillis)
    {
        final ReaderSidecars sidecars = new ReaderSidecars(directory, rollCycle, null);
        final int cycle = rollCycle.current(() -> nowMillis, EPOCH);
        create(sidecars.cycleFile(cycle));
        create(sidecars.cycleFile(cycle + 1));
    }

    @Override
    public void onAcquired(final int cycle, final File file)
    {
        create(file.toPath());
        if (cycleFile(cycle).getFileName().toString().equals(file.getName()))
        {
            create(cycleFile(cycle + 1));
        }
        else if (!namesDiffer)
        {
            namesDiffer = true;
            LOG.warn("reader sidecars: Chronicle named cycle {} {}, not {}: a reader that opens a new cycle file " +
                "within a moment of its creation goes without retention's guard", cycle, file.getName(),
                cycleFile(cycle).getFileName());
        }
        if (null != next)
        {
            next.onAcquired(cycle, file);
        }
    }

    @Override
    public void onReleased(final int cycle, final File file)
    {
        if (null != next)
        {
            next.onReleased(cycle, file);
        }
    }

    private Path cycleFile(final int cycle)
    {
        return names.resourceFor(cycle).path.toPath();
    }

    /** Creates the sidecar of a cycle file unless it exists; a failure costs readers their guard only. */
    private static void create(final Path cycleFile)
    {
        try
        {
            Files.createFile(ReaderSidecar.of(cycleFile), PRIVATE);
        }
        catch (final FileAlreadyExistsException ok)
        {
            // an earlier capture, prepare() or the cycle before made it
        }
        catch (final IOException ex)
        {
            LOG.warn("reader sidecars: cannot create {}: {}; readers of that cycle go without retention's guard",
                ReaderSidecar.of(cycleFile), ex.toString());
        }
    }
}
