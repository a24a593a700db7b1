package io.ringcap.linux;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cgroup v2 hierarchy: a cgroup's id (what bpf_get_current_cgroup_id returns) is the inode of
 * its directory in cgroupfs, so walking the mount maps ids to paths; replay derives container ids
 * from those paths.
 */
public final class Cgroups
{
    private static final int MAX_CGROUPS = 100_000;

    private Cgroups()
    {
    }

    /** @return where cgroup2 is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid hosts). */
    public static Optional<Path> mountPoint()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/mountinfo")))
            {
                // mount-id parent major:minor root mount-point options ... - fstype source super-options
                final int separator = line.indexOf(" - ");
                if (separator > 0 && line.startsWith("cgroup2 ", separator + 3))
                {
                    return Optional.of(Path.of(line.split(" ")[4]));
                }
            }
        }
        catch (final IOException ignored)
        {
            // no procfs: no cgroups to name
        }
        return Optional.empty();
    }

    /**
     * @return cgroup id to path below the cgroup2 root ("/" for the root), empty without cgroup2.
     */
    public static Map<Long, String> snapshot()
    {
        final Map<Long, String> paths = new LinkedHashMap<>();
        mountPoint().ifPresent(root ->
        {
            try
            {
                Files.walkFileTree(root, new SimpleFileVisitor<>()
                {
                    @Override
                    public FileVisitResult preVisitDirectory(final Path dir, final BasicFileAttributes attrs) throws IOException
                    {
                        final Object inode = Files.getAttribute(dir, "unix:ino");
                        paths.put(((Number)inode).longValue(), "/" + root.relativize(dir).toString());
                        return paths.size() < MAX_CGROUPS ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(final Path file, final IOException ex)
                    {
                        return FileVisitResult.SKIP_SUBTREE; // a cgroup removed while walking
                    }
                });
            }
            catch (final IOException ignored)
            {
                // keep what was read
            }
        });
        return paths;
    }

    /**
     * @param cgroup a cgroup path ("/system.slice/x.scope") or a numeric id.
     * @return its id.
     * @throws IllegalArgumentException when it names no cgroup2 directory.
     */
    public static long resolve(final String cgroup)
    {
        if (cgroup.chars().allMatch(Character::isDigit) && !cgroup.isEmpty())
        {
            return Long.parseLong(cgroup);
        }
        final Path root = mountPoint().orElseThrow(() -> new IllegalArgumentException("--cgroup: no cgroup2 mount on this host"));
        final Path dir = root.resolve(cgroup.startsWith("/") ? cgroup.substring(1) : cgroup);
        try
        {
            return ((Number)Files.getAttribute(dir, "unix:ino")).longValue();
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            throw new IllegalArgumentException("--cgroup " + cgroup + " is not a cgroup (" + dir + " not found)");
        }
    }

    /** @return the cgroup v2 path of this process, from /proc/self/cgroup's "0::" line. */
    public static Optional<String> ownPath()
    {
        try
        {
            final List<String> lines = Files.readAllLines(Path.of("/proc/self/cgroup"));
            return lines.stream().filter(l -> l.startsWith("0::")).map(l -> l.substring(3)).findFirst();
        }
        catch (final IOException ex)
        {
            return Optional.empty();
        }
    }
}
