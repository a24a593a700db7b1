package io.ringcap.bpf;

import io.ringcap.wire.EventDefinition;
import io.ringcap.wire.EventTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the syscall hooks attach, in the order {@code auto} tries them. Every syscall's BPF code is
 * built in three per-syscall variants (native/src/bpf/hooks.bpf.h) and one raw pair for all
 * syscalls (native/src/bpf/raw.bpf.c); the loader autoloads only the chosen one's programs.
 * <ul>
 *   <li>fentry/fexit: BPF trampolines, the cheapest per call; needs BTF and trampoline support.</li>
 *   <li>kprobe/kretprobe (ksyscall): on the syscall's arch wrapper; needs CONFIG_KPROBES.</li>
 *   <li>syscall tracepoints: on every kernel with CONFIG_FTRACE_SYSCALLS.</li>
 *   <li>raw: tp_btf/sys_enter and tp_btf/sys_exit, dispatching on the syscall number. Cheaper than
 *       the tracepoints per traced call, but its two programs run on every syscall of the host;
 *       auto tries it last (README: when to force it), where it still catches a kernel whose
 *       per-syscall tracepoints are missing or whose tracefs cannot be mounted.</li>
 * </ul>
 * This project's reference kernel has no kprobes and refuses fentry (EPERM), so there the choice
 * falls through to tracepoints.
 */
public enum AttachMethod
{
    FENTRY("fentry", "fe"),
    KPROBE("kprobe", "kp"),
    TRACEPOINT("tracepoint", "tp"),
    RAW("raw", "raw");

    /** The syscalls hooked: the event table's syscall events, as hooks.bpf.h's RC_SYSCALL_HOOKS(...) names them. */
    public static final List<String> SYSCALLS = syscallNames();

    /** Programs every method loads: the process tree, exec names, context-copy invalidation, notification delivery. */
    public static final List<String> COMMON_PROGRAMS =
        List.of("rc_proc_fork", "rc_proc_exit", "rc_proc_exec", "rc_task_rename", "rc_mq_notify_delivered");

    private final String label;
    private final String suffix;

    AttachMethod(final String label, final String suffix)
    {
        this.label = label;
        this.suffix = suffix;
    }

    private static List<String> syscallNames()
    {
        final List<String> names = new ArrayList<>();
        for (final EventDefinition event : EventTable.syscalls())
        {
            names.add(event.name());
        }
        return List.copyOf(names);
    }

    /** @return the name users give and the journal records: fentry, kprobe, tracepoint or raw. */
    public String label()
    {
        return label;
    }

    /**
     * @return the BPF program names this method loads and attaches for the syscall hooks.
     */
    public List<String> programs()
    {
        if (this == RAW)
        {
            return List.of("rc_raw_enter", "rc_raw_exit"); // one pair for every syscall: raw.bpf.c
        }
        final List<String> programs = new ArrayList<>(SYSCALLS.size() * 2);
        for (final String syscall : SYSCALLS)
        {
            programs.add("rc_" + syscall + "_" + suffix + "_enter");
            programs.add("rc_" + syscall + "_" + suffix + "_exit");
        }
        return programs;
    }

    /**
     * @param label auto, fentry, kprobe, tracepoint or raw.
     * @return the methods to try, in order: all of them best first for auto, else the one named.
     * @throws IllegalArgumentException for any other label.
     */
    public static List<AttachMethod> candidates(final String label)
    {
        if ("auto".equals(label))
        {
            return List.of(values());
        }
        for (final AttachMethod method : values())
        {
            if (method.label.equals(label))
            {
                return List.of(method);
            }
        }
        throw new IllegalArgumentException("--attach must be auto, fentry, kprobe, tracepoint or raw: " + label);
    }
}
