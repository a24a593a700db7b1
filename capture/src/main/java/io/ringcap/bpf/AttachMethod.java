package io.ringcap.bpf;

import java.util.List;

/**
 * Where the syscall hooks attach. Production kernels usually offer kprobes; this project's
 * reference kernel offers only syscall tracepoints (kprobes are not built in and fentry loads fail
 * with EPERM), so tracepoints are the one variant built so far and the fallback of every choice.
 */
public enum AttachMethod
{
    TRACEPOINT("tracepoint", List.of("rc_mq_notify_enter", "rc_mq_notify_exit"));

    /** Programs every method needs: the process-tree filter. */
    public static final List<String> COMMON_PROGRAMS = List.of("rc_proc_fork", "rc_proc_exit");

    private final String label;
    private final List<String> programs;

    AttachMethod(final String label, final List<String> programs)
    {
        this.label = label;
        this.programs = programs;
    }

    public String label()
    {
        return label;
    }

    /**
     * @return the BPF program names this method loads and attaches for the syscall hooks.
     */
    public List<String> programs()
    {
        return programs;
    }
}
