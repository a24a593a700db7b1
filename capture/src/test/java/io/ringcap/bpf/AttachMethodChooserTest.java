package io.ringcap.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The choice of attach method, with the kernel's answers injected. */
class AttachMethodChooserTest
{
    private final List<AttachMethod> tried = new ArrayList<>();

    @Test
    void autoPrefersFentryWhereItWorks()
    {
        assertEquals(AttachMethod.FENTRY, choose("auto", Set.of(AttachMethod.FENTRY, AttachMethod.KPROBE, AttachMethod.TRACEPOINT)));
        assertEquals(List.of(AttachMethod.FENTRY), tried);
    }

    @Test
    void autoTakesKprobesWhenFentryIsRefused()
    {
        assertEquals(AttachMethod.KPROBE, choose("auto", Set.of(AttachMethod.KPROBE, AttachMethod.TRACEPOINT)));
        assertEquals(List.of(AttachMethod.FENTRY, AttachMethod.KPROBE), tried);
    }

    @Test
    void autoFallsBackToTracepointsLikeOnThisProjectsKernel()
    {
        assertEquals(AttachMethod.TRACEPOINT, choose("auto", Set.of(AttachMethod.TRACEPOINT)));
        assertEquals(List.of(AttachMethod.FENTRY, AttachMethod.KPROBE, AttachMethod.TRACEPOINT), tried);
    }

    @Test
    void autoTakesTheRawHookOnlyWhenTheTracepointsFail()
    {
        assertEquals(AttachMethod.TRACEPOINT, choose("auto", Set.of(AttachMethod.TRACEPOINT, AttachMethod.RAW)));
        tried.clear();
        assertEquals(AttachMethod.RAW, choose("auto", Set.of(AttachMethod.RAW)));
        assertEquals(List.of(AttachMethod.FENTRY, AttachMethod.KPROBE, AttachMethod.TRACEPOINT, AttachMethod.RAW), tried);
        tried.clear();
        assertEquals(AttachMethod.RAW, choose("raw", Set.of(AttachMethod.TRACEPOINT, AttachMethod.RAW)));
        assertEquals(List.of(AttachMethod.RAW), tried);
    }

    @Test
    void aForcedMethodIsTheOnlyOneTried()
    {
        assertEquals(AttachMethod.TRACEPOINT, choose("tracepoint", Set.of(AttachMethod.FENTRY, AttachMethod.TRACEPOINT)));
        assertEquals(List.of(AttachMethod.TRACEPOINT), tried);
    }

    @Test
    void aForcedMethodTheKernelLacksFailsInOneSentence()
    {
        final BpfException ex = assertThrows(BpfException.class, () -> choose("kprobe", Set.of(AttachMethod.TRACEPOINT)));
        assertEquals("--attach kprobe does not work on this kernel (kprobe: kprobe refused)", ex.getMessage());
    }

    @Test
    void noWorkingMethodNamesEachReason()
    {
        final BpfException ex = assertThrows(BpfException.class, () -> choose("auto", Set.of()));
        assertEquals("no attach method works on this kernel (fentry: fentry refused; kprobe: kprobe refused; " +
            "tracepoint: tracepoint refused; raw: raw refused)", ex.getMessage());
    }

    @Test
    void unknownLabelsAreRefused()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> AttachMethod.candidates("uprobe"));
        assertEquals("--attach must be auto, fentry, kprobe, tracepoint or raw: uprobe", ex.getMessage());
    }

    @Test
    void programNamesFollowTheHookMacro()
    {
        assertEquals("rc_mq_notify_fe_enter", AttachMethod.FENTRY.programs().get(2 * AttachMethod.SYSCALLS.indexOf("mq_notify")));
        assertEquals("rc_mq_notify_kp_exit", AttachMethod.KPROBE.programs().get(2 * AttachMethod.SYSCALLS.indexOf("mq_notify") + 1));
        assertEquals(2 * AttachMethod.SYSCALLS.size(), AttachMethod.TRACEPOINT.programs().size());
        assertEquals(List.of("rc_raw_enter", "rc_raw_exit"), AttachMethod.RAW.programs());
    }

    private AttachMethod choose(final String label, final Set<AttachMethod> working)
    {
        return AttachMethodChooser.choose(AttachMethod.candidates(label), method ->
        {
            tried.add(method);
            if (!working.contains(method))
            {
                throw new BpfException(method.label() + " refused");
            }
            return method;
        });
    }
}
