package io.ringcap.capture;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.ringcap.bpf.AttachMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What this kernel offers to attach the syscall hooks with, found out by the test on its own: the
 * kernel is asked directly (raw bpf(2) calls and sysfs), never through the loader or
 * {@link io.ringcap.bpf.AttachMethodChooser}. Tests that run {@code --attach auto} expect the
 * first method in auto's documented order that this probe finds working.
 * <ul>
 *   <li>fentry: a two-instruction BPF_PROG_TYPE_TRACING program of attach type BPF_TRACE_FENTRY
 *       on {@code __x64_sys_mq_notify} (found in /sys/kernel/btf/vmlinux) loads and attaches.</li>
 *   <li>kprobe: the kprobe PMU, which every kprobe attach of libbpf's goes through, exists.</li>
 *   <li>raw (tp_btf): the same program as BPF_TRACE_RAW_TP on {@code btf_trace_sys_enter}.</li>
 *   <li>tracepoint: /sys/kernel/tracing/events/syscalls exists (CONFIG_FTRACE_SYSCALLS).</li>
 * </ul>
 */
final class KernelAttachProbe
{
    private static final long SYS_BPF = 321;          // x86_64
    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_RAW_TRACEPOINT_OPEN = 17;
    private static final int BPF_PROG_TYPE_TRACING = 26;
    private static final int BPF_TRACE_RAW_TP = 23;
    private static final int BPF_TRACE_FENTRY = 24;
    private static final int BTF_KIND_FUNC = 12;
    private static final int BTF_KIND_TYPEDEF = 8;
    private static final int ATTR_SIZE = 144;
    /** r0 = 0; exit. */
    private static final byte[] RETURN_ZERO = {
        (byte)0xb7, 0, 0, 0, 0, 0, 0, 0,
        (byte)0x95, 0, 0, 0, 0, 0, 0, 0,
    };

    private KernelAttachProbe()
    {
    }

    /** libc's syscall(2) and close(2), bound for this probe only. */
    interface C extends Library
    {
        C LIB = Native.load("c", C.class);

        long syscall(long number, Object... args);

        int close(int fd);
    }

    /**
     * @return the label {@code --attach auto} must pick on this kernel: the first of auto's candidates
     *         (the documented preference order) that this probe finds working.
     */
    static String expectedAutoLabel()
    {
        final List<String> tried = new ArrayList<>();
        for (final AttachMethod method : AttachMethod.candidates("auto"))
        {
            if (works(method.label()))
            {
                return method.label();
            }
            tried.add(method.label());
        }
        throw new AssertionError("this kernel offers none of " + tried);
    }

    /** @return whether the kernel lets the syscall hooks attach with the method of that label. */
    static boolean works(final String label)
    {
        switch (label)
        {
            case "fentry":
                return tracingProgramAttaches(BPF_TRACE_FENTRY, "__x64_sys_mq_notify", BTF_KIND_FUNC);
            case "kprobe":
                return Files.isDirectory(Path.of("/sys/bus/event_source/devices/kprobe"));
            case "raw":
                return tracingProgramAttaches(BPF_TRACE_RAW_TP, "btf_trace_sys_enter", BTF_KIND_TYPEDEF);
            case "tracepoint":
                return Files.isDirectory(Path.of("/sys/kernel/tracing/events/syscalls")) ||
                    Files.isDirectory(Path.of("/sys/kernel/debug/tracing/events/syscalls"));
            default:
                throw new AssertionError("KernelAttachProbe has no probe for --attach " + label + ": add one");
        }
    }

    private static boolean tracingProgramAttaches(final int attachType, final String btfName, final int btfKind)
    {
        final int btfId = vmlinuxTypeId(btfName, btfKind);
        if (btfId <= 0)
        {
            return false;
        }
        final Memory insns = new Memory(RETURN_ZERO.length);
        insns.write(0, RETURN_ZERO, 0, RETURN_ZERO.length);
        final Memory license = new Memory(4);
        license.setString(0, "GPL", "US-ASCII");
        final Memory attr = new Memory(ATTR_SIZE);
        attr.clear();
        attr.setInt(0, BPF_PROG_TYPE_TRACING);
        attr.setInt(4, RETURN_ZERO.length / 8);
        attr.setLong(8, com.sun.jna.Pointer.nativeValue(insns));
        attr.setLong(16, com.sun.jna.Pointer.nativeValue(license));
        attr.setInt(68, attachType);
        attr.setInt(108, btfId);
        final int progFd = (int)C.LIB.syscall(SYS_BPF, BPF_PROG_LOAD, attr, ATTR_SIZE);
        if (progFd < 0)
        {
            return false;
        }
        try
        {
            final Memory open = new Memory(16);
            open.clear();
            open.setInt(8, progFd);
            final int linkFd = (int)C.LIB.syscall(SYS_BPF, BPF_RAW_TRACEPOINT_OPEN, open, 16);
            if (linkFd < 0)
            {
                return false;
            }
            C.LIB.close(linkFd);
            return true;
        }
        finally
        {
            C.LIB.close(progFd);
        }
    }

    /** @return the id of the named type of that kind in the kernel's BTF, or 0. */
    static int vmlinuxTypeId(final String name, final int wantedKind)
    {
        final ByteBuffer btf;
        try
        {
            btf = ByteBuffer.wrap(Files.readAllBytes(Path.of("/sys/kernel/btf/vmlinux"))).order(ByteOrder.LITTLE_ENDIAN);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final int hdrLen = btf.getInt(4);
        final int typeStart = hdrLen + btf.getInt(8);
        final int typeEnd = typeStart + btf.getInt(12);
        final int strStart = hdrLen + btf.getInt(16);
        final byte[] wanted = name.getBytes(StandardCharsets.US_ASCII);
        int id = 1;
        for (int at = typeStart; at < typeEnd; id++)
        {
            final int nameOff = btf.getInt(at);
            final int info = btf.getInt(at + 4);
            final int kind = (info >>> 24) & 0x1f;
            final int vlen = info & 0xffff;
            if (kind == wantedKind && nameIs(btf, strStart + nameOff, wanted))
            {
                return id;
            }
            at += 12 + trailing(kind, vlen);
        }
        return 0;
    }

    private static int trailing(final int kind, final int vlen)
    {
        switch (kind)
        {
            case 1:  // INT
            case 14: // VAR
            case 17: // DECL_TAG
                return 4;
            case 3:  // ARRAY
                return 12;
            case 4:  // STRUCT
            case 5:  // UNION
            case 15: // DATASEC
            case 19: // ENUM64
                return 12 * vlen;
            case 6:  // ENUM
            case 13: // FUNC_PROTO
                return 8 * vlen;
            default: // PTR, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FLOAT, TYPE_TAG
                return 0;
        }
    }

    private static boolean nameIs(final ByteBuffer btf, final int at, final byte[] wanted)
    {
        for (int i = 0; i < wanted.length; i++)
        {
            if (btf.get(at + i) != wanted[i])
            {
                return false;
            }
        }
        return btf.get(at + wanted.length) == 0;
    }
}
