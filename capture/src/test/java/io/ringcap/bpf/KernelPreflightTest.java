package io.ringcap.bpf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Who may load BPF, from the effective uid and capabilities (no kernel needed). */
class KernelPreflightTest
{
    private static final long CAP_SYS_ADMIN = 1L << 21;
    private static final long CAP_PERFMON = 1L << 38;
    private static final long CAP_BPF = 1L << 39;

    @Test
    void rootMayLoad()
    {
        assertTrue(KernelPreflight.mayLoadBpf(0, 0));
    }

    @Test
    void anUnprivilegedUserMayNot()
    {
        assertFalse(KernelPreflight.mayLoadBpf(1000, 0));
        assertFalse(KernelPreflight.mayLoadBpf(1000, CAP_BPF), "CAP_BPF alone does not allow tracing programs");
        assertFalse(KernelPreflight.mayLoadBpf(1000, CAP_PERFMON));
    }

    @Test
    void capabilitiesStandInForRoot()
    {
        assertTrue(KernelPreflight.mayLoadBpf(1000, CAP_BPF | CAP_PERFMON));
        assertTrue(KernelPreflight.mayLoadBpf(1000, CAP_SYS_ADMIN));
    }
}
