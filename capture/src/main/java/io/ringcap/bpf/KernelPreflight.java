package io.ringcap.bpf;

import io.ringcap.linux.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a capture needs before any BPF is loaded, each missing piece named in one sentence: the
 * kernel's BTF (CO-RE), the privilege to load BPF, and BPF ring buffers.
 */
public final class KernelPreflight
{
    /** Overrides where the kernel's BTF is looked for (tests). */
    public static final String BTF_PATH_PROPERTY = "ringcap.btf";
    private static final Path DEFAULT_BTF = Path.of("/sys/kernel/btf/vmlinux");
    private static final int BPF_MAP_TYPE_RINGBUF = 27;
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_PERFMON = 38;
    private static final int CAP_BPF = 39;

    private KernelPreflight()
    {
    }

    public static void check()
    {
        final Path btf = Path.of(System.getProperty(BTF_PATH_PROPERTY, DEFAULT_BTF.toString()));
        if (!Files.isReadable(btf))
        {
            throw new BpfException("this kernel has no BTF (" + btf + "): ringcap's CO-RE programs need a kernel " +
                "built with CONFIG_DEBUG_INFO_BTF=y");
        }
        if (!mayLoadBpf(LibC.geteuid(), effectiveCapabilities()))
        {
            throw new BpfException("capture needs root, or the capabilities CAP_BPF and CAP_PERFMON: run it with sudo");
        }
        if (0 == LibBpf.libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, null))
        {
            throw new BpfException("this kernel has no BPF ring buffer (BPF_MAP_TYPE_RINGBUF needs Linux 5.8 or later)");
        }
    }

    /**
     * @param euid                  the effective user id.
     * @param effectiveCapabilities the CapEff mask from /proc/self/status.
     * @return whether loading tracing BPF programs can be allowed at all.
     */
    static boolean mayLoadBpf(final int euid, final long effectiveCapabilities)
    {
        if (euid == 0)
        {
            return true;
        }
        final boolean sysAdmin = (effectiveCapabilities & (1L << CAP_SYS_ADMIN)) != 0;
        final boolean bpfAndPerfmon = (effectiveCapabilities & (1L << CAP_BPF)) != 0 &&
            (effectiveCapabilities & (1L << CAP_PERFMON)) != 0;
        return sysAdmin || bpfAndPerfmon;
    }

    /** @return the CapEff mask of this process, 0 if it cannot be read. */
    static long effectiveCapabilities()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith("CapEff:"))
                {
                    return Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                }
            }
        }
        catch (final IOException | NumberFormatException ignored)
        {
            // treated as no capabilities
        }
        return 0;
    }
}
