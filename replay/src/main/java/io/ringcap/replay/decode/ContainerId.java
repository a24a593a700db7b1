package io.ringcap.replay.decode;

/**
 * The container a cgroup v2 path belongs to, as container runtimes name their cgroups. The id is the
 * full 64 hex digits (as Tracee shows it; {@code docker ps} shows the first 12).
 *
 * <pre>
 * /system.slice/docker-&lt;id&gt;.scope                          docker, systemd cgroup driver
 * /docker/&lt;id&gt;                                              docker, cgroupfs driver
 * /system.slice/cri-containerd-&lt;id&gt;.scope                  containerd (CRI)
 * /machine.slice/libpod-&lt;id&gt;.scope                         podman (libpod-conmon-&lt;id&gt;.scope is its monitor)
 * /system.slice/crio-&lt;id&gt;.scope                            cri-o (crio-conmon-&lt;id&gt;.scope is its monitor)
 * /kubepods/burstable/pod&lt;uid&gt;/&lt;id&gt;                        kubelet, cgroupfs driver
 * /kubepods.slice/kubepods-besteffort.slice/
 *     kubepods-besteffort-pod&lt;uid&gt;.slice/cri-containerd-&lt;id&gt;.scope   kubelet, systemd driver
 * </pre>
 *
 * The path is searched from its last component back, so a cgroup below a container's (systemd in
 * a container makes {@code .../docker-<id>.scope/init.scope}) belongs to that container, and a
 * nested container wins over the one it runs in. Monitor processes (conmon) are not containers:
 * their component does not reduce to 64 hex digits. Called when the cgroup table is read, not per
 * event, so it may allocate.
 */
public final class ContainerId
{
    /** Hex digits in a container id. */
    public static final int LENGTH = 64;
    /** How many of them {@code docker ps} shows, and the table's CONTAINER column. */
    public static final int SHORT_LENGTH = 12;

    private static final String SCOPE_SUFFIX = ".scope";
    /** Prefixes runtimes put before the id in a systemd scope name; a bare id needs none. */
    private static final String[] RUNTIME_PREFIXES = {"docker-", "cri-containerd-", "crio-", "libpod-"};

    private ContainerId()
    {
    }

    /**
     * @param cgroupPath a cgroup v2 path below the root, e.g. "/system.slice/docker-&lt;id&gt;.scope".
     * @return the 64-hex container id, or "" when the path is not inside a container.
     */
    public static String of(final String cgroupPath)
    {
        int end = cgroupPath.length();
        while (end > 0)
        {
            final int start = cgroupPath.lastIndexOf('/', end - 1) + 1;
            final String id = idOfComponent(cgroupPath, start, end);
            if (!id.isEmpty())
            {
                return id;
            }
            end = start - 1;
        }
        return "";
    }

    private static String idOfComponent(final String path, final int start, final int end)
    {
        int idStart = start;
        int idEnd = end;
        if (path.startsWith(SCOPE_SUFFIX, idEnd - SCOPE_SUFFIX.length()) && idEnd - SCOPE_SUFFIX.length() >= start)
        {
            idEnd -= SCOPE_SUFFIX.length();
        }
        for (final String prefix : RUNTIME_PREFIXES)
        {
            if (path.startsWith(prefix, start))
            {
                idStart = start + prefix.length();
                break;
            }
        }
        return isId(path, idStart, idEnd) ? path.substring(idStart, idEnd) : "";
    }

    private static boolean isId(final String path, final int start, final int end)
    {
        if (end - start != LENGTH)
        {
            return false;
        }
        for (int i = start; i < end; i++)
        {
            final char c = path.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            {
                return false;
            }
        }
        return true;
    }
}
