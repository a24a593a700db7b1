package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.bpf.AttachMethod;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test's own probe of attach methods can say yes: its BTF walk finds types every BTF kernel
 * has, and the program it loads attaches as tp_btf (which every kernel this project runs on
 * offers), so a "no" for fentry is the kernel's answer, not a broken probe.
 */
class KernelAttachProbeTest
{
    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void theBtfWalkFindsKnownTypes()
    {
        assertTrue(KernelAttachProbe.vmlinuxTypeId("task_struct", 4) > 0, "struct task_struct");
        assertTrue(KernelAttachProbe.vmlinuxTypeId("__x64_sys_mq_notify", 12) > 0, "func __x64_sys_mq_notify");
        assertEquals(0, KernelAttachProbe.vmlinuxTypeId("no_such_type_in_any_kernel", 4));
    }

    @Test
    void theProbeProgramAttachesAsTpBtf()
    {
        assertTrue(KernelAttachProbe.works("raw"), "tp_btf sys_enter attaches");
        assertTrue(KernelAttachProbe.works("tracepoint"), "syscall tracepoints");
        for (final AttachMethod method : AttachMethod.values())
        {
            System.out.println("attach probe: " + method.label() + " " + KernelAttachProbe.works(method.label()));
        }
        System.out.println("attach probe: auto is expected to pick " + KernelAttachProbe.expectedAutoLabel());
    }
}
