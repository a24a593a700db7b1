package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.ringcap.bpf.AttachMethod;
import io.ringcap.bpf.BpfObject;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kprobe variant of every syscall hook passes the verifier, on a kernel that cannot attach it:
 * loading needs no kprobe PMU (attaching does), so the programs that --attach kprobe would use are
 * loaded here and nothing is attached. Without it a hook added for tracepoints alone (this project's
 * reference kernel has no kprobes) could reach a kprobe kernel unverified.
 */
class KprobeProgramsVerifyTest
{
    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void everyKprobeHookLoads() throws Exception
    {
        final byte[] elf;
        try (InputStream in = AttachMethod.class.getResourceAsStream(io.ringcap.bpf.RingcapBpf.OBJECT_RESOURCE))
        {
            assertNotNull(in, "the BPF object is on the class path");
            elf = in.readAllBytes();
        }
        final List<String> programs = new ArrayList<>(AttachMethod.KPROBE.programs());
        assertEquals(2 * AttachMethod.SYSCALLS.size(), programs.size());
        try (BpfObject object = BpfObject.open("ringcap", elf))
        {
            object.loadOnly(programs);
            object.load(); // throws, with the verifier log above, if any program is refused
        }
    }
}
