package io.ringcap.linux;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Processes and their descendants, from /proc: what -p seeds the BPF tree filter with. The fork
 * hook then adds every child forked after the seeding; a child forked between the hook's attach and
 * the seeding of its parent is found by a second scan ({@link #descendantsAndSelf} run again).
 */
public final class ProcessTree
{
    private static final Path PROC = Path.of("/proc");

    private ProcessTree()
    {
    }

    /**
     * @param pids what -p named.
     * @return them, each checked to be a running process.
     * @throws IllegalArgumentException naming the first that is not (a pid below 1 can match nothing).
     */
    public static List<Integer> requireRunning(final List<Integer> pids)
    {
        for (final int pid : pids)
        {
            if (pid <= 0)
            {
                throw new IllegalArgumentException("-p " + pid + ": a process id is positive, so no event can match");
            }
            if (!Files.isDirectory(PROC.resolve(Integer.toString(pid))))
            {
                throw new IllegalArgumentException("-p " + pid + ": no such process");
            }
        }
        return List.copyOf(pids);
    }

    /** @return the roots and every process below them now (host tgids), roots first. */
    public static Set<Integer> descendantsAndSelf(final Collection<Integer> roots)
    {
        final Map<Integer, List<Integer>> children = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*"))
        {
            for (final Path entry : entries)
            {
                final int pid = Integer.parseInt(entry.getFileName().toString());
                final int ppid = parentOf(entry);
                if (ppid > 0)
                {
                    children.computeIfAbsent(ppid, key -> new ArrayList<>()).add(pid);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot list " + PROC + ": " + ex.getMessage(), ex);
        }
        final Set<Integer> tree = new LinkedHashSet<>(roots);
        final Deque<Integer> pending = new ArrayDeque<>(roots);
        while (!pending.isEmpty())
        {
            for (final int child : children.getOrDefault(pending.poll(), List.of()))
            {
                if (tree.add(child))
                {
                    pending.add(child);
                }
            }
        }
        return tree;
    }

    /** @return field 4 of /proc/PID/stat, after the comm in parentheses (which may hold spaces and ')'), or -1. */
    static int parentOf(final Path procEntry)
    {
        try
        {
            final String stat = Files.readString(procEntry.resolve("stat"));
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[1]);
        }
        catch (final IOException | RuntimeException gone)
        {
            return -1; // exited while listed, or not a process entry
        }
    }
}
