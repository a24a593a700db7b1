package io.ringcap.replay.journal;

import io.ringcap.replay.decode.ContainerId;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The CGROUPS and PROCESSES blocks of a journal (see {@link io.ringcap.wire.JournalFormat}): which
 * path each cgroup id names, hence which container, and which executable each process that was
 * running before the capture began runs. Read by {@link JournalReader#tables()} from the whole
 * journal before any event is delivered, because capture writes cgroups created during the capture
 * at its stop, after the events that ran in them. Later entries replace earlier ones.
 *
 * <p>Lookups take primitive keys and allocate nothing; container ids are derived once, when read.
 */
public final class JournalTables
{
    private final Long2ObjectHashMap<String> cgroupPaths = new Long2ObjectHashMap<>();
    /** Only cgroups inside a container. */
    private final Long2ObjectHashMap<String> containerIds = new Long2ObjectHashMap<>();
    private final Int2ObjectHashMap<String> executables = new Int2ObjectHashMap<>();

    /** @return tables with no entries, for a journal without CGROUPS and PROCESSES blocks. */
    public static JournalTables empty()
    {
        return new JournalTables();
    }

    /**
     * @param cgroupId a record's cgroup_id.
     * @return its path below the cgroup2 root, or null when no CGROUPS block names it.
     */
    public String cgroupPath(final long cgroupId)
    {
        return cgroupPaths.get(cgroupId);
    }

    /**
     * @param cgroupId a record's cgroup_id.
     * @return the 64-hex id of the container the cgroup belongs to, or "" when none or unknown.
     */
    public String containerId(final long cgroupId)
    {
        final String id = containerIds.get(cgroupId);
        return id == null ? "" : id;
    }

    /** @return true when some cgroup of the journal belongs to a container. */
    public boolean hasContainers()
    {
        return !containerIds.isEmpty();
    }

    /**
     * @param hostPid a host tgid.
     * @return its executable when the capture began, or null when the PROCESSES block does not name it.
     */
    public String executable(final int hostPid)
    {
        return executables.get(hostPid);
    }

    /** @return how many cgroups are named. */
    public int cgroupCount()
    {
        return cgroupPaths.size();
    }

    /** @return how many processes are named. */
    public int processCount()
    {
        return executables.size();
    }

    /** A CGROUPS entry; a later one for the same id replaces the earlier. */
    public JournalTables putCgroup(final long cgroupId, final String path)
    {
        cgroupPaths.put(cgroupId, path);
        final String containerId = ContainerId.of(path);
        if (containerId.isEmpty())
        {
            containerIds.remove(cgroupId);
        }
        else
        {
            containerIds.put(cgroupId, containerId);
        }
        return this;
    }

    /** A PROCESSES entry; a later one for the same pid replaces the earlier. */
    public JournalTables putExecutable(final int hostPid, final String path)
    {
        executables.put(hostPid, path);
        return this;
    }
}
