package io.ringcap.journal;

import io.ringcap.wire.ReaderSidecar;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>
 * Only sidecars of the clock's current cycle and later are made: Chronicle also reports old cycles
 * (a capture appending to a journal visits the previous capture's last cycle), a report can come
 * after retention deleted that cycle (seen under load with a roll a second), and a sidecar made
 * then would be a stale one. Retention never deletes the current cycle, which is the newest.
 */
public final class ReaderSidecars implements StoreFileListener
{
    private static final Logger LOG = LoggerFactory.getLogger(ReaderSidecars.class);
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    /** What the writer's queue has: SingleChronicleQueueBuilder's default, no rollTime set. */
    private static final long EPOCH = 0;

    private final RollCycle rollCycle;
    private final TimeProvider clock;
    private final RollingResourcesCache names;
    private final StoreFileListener next;
    private volatile boolean namesDiffer;

    /**
     * @param next told of every acquisition and release after this listener, or null.
     */
    public ReaderSidecars(final Path directory, final RollCycle rollCycle, final StoreFileListener next)
    {
        this(directory, rollCycle, System::currentTimeMillis, next);
    }

    /**
     * @param clock the writer queue's clock (Chronicle's builder defaults to System.currentTimeMillis).
     */
    ReaderSidecars(final Path directory, final RollCycle rollCycle, final TimeProvider clock,
        final StoreFileListener next)
    {
        final File dir = directory.toFile();
        this.rollCycle = rollCycle;
        this.clock = clock;
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
        makeSidecars(cycle, file);
        if (null != next)
        {
            next.onAcquired(cycle, file);
        }
    }

    private void makeSidecars(final int cycle, final File file)
    {
        final int current = rollCycle.current(clock, EPOCH);
        if (cycle + 1 < current)
        {
            // An old cycle (the appender visits the previous capture's last), or a report more than a
            // cycle late: its sidecar was made while it was the newest, and the next one's is past.
            return;
        }
        if (cycle >= current) // the newest cycle file, which retention never deletes
        {
            create(file.toPath()); // made ahead already, unless the names differ or a report came late
        }
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
