package io.ringcap.replay.decode;

/**
 * Linux errno names (x86_64, asm-generic/errno-base.h and errno.h), for showing a syscall's
 * {@code -errno} return value the way strace does.
 */
public final class Errno
{
    /** Index = errno; null where Linux defines no name of its own (41 and 58 are unused aliases). */
    private static final String[] NAMES =
    {
        null, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
        "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR",
        "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS",
        "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP",
        null, "ENOMSG", "EIDRM", "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST", "ELNRNG", "EUNATCH", "ENOCSI",
        "EL2HLT", "EBADE", "EBADR", "EXFULL", "ENOANO", "EBADRQC", "EBADSLT", null, "EBFONT", "ENOSTR",
        "ENODATA", "ETIME", "ENOSR", "ENONET", "ENOPKG", "EREMOTE", "ENOLINK", "EADV", "ESRMNT", "ECOMM",
        "EPROTO", "EMULTIHOP", "EDOTDOT", "EBADMSG", "EOVERFLOW", "ENOTUNIQ", "EBADFD", "EREMCHG", "ELIBACC",
        "ELIBBAD", "ELIBSCN", "ELIBMAX", "ELIBEXEC", "EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS", "ENOTSOCK",
        "EDESTADDRREQ", "EMSGSIZE", "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT",
        "EOPNOTSUPP", "EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL", "ENETDOWN", "ENETUNREACH",
        "ENETRESET", "ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN", "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS",
        "ETIMEDOUT", "ECONNREFUSED", "EHOSTDOWN", "EHOSTUNREACH", "EALREADY", "EINPROGRESS", "ESTALE", "EUCLEAN",
        "ENOTNAM", "ENAVAIL", "EISNAM", "EREMOTEIO", "EDQUOT", "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED", "ENOKEY",
        "EKEYEXPIRED", "EKEYREVOKED", "EKEYREJECTED", "EOWNERDEAD", "ENOTRECOVERABLE", "ERFKILL", "EHWPOISON",
    };

    /**
     * Kernel-internal codes (include/linux/errno.h) from 512: never seen by a program, but a
     * sys_exit tracepoint sees them when a signal interrupts a call that is then restarted.
     */
    private static final int KERNEL_INTERNAL_BASE = 512;
    private static final String[] KERNEL_INTERNAL_NAMES =
    {
        "ERESTARTSYS", "ERESTARTNOINTR", "ERESTARTNOHAND", "ENOIOCTLCMD", "ERESTART_RESTARTBLOCK",
    };

    /** The largest errno with a name of its own: EHWPOISON. */
    public static final int MAX_ERRNO = NAMES.length - 1;

    private Errno()
    {
    }

    /**
     * @param errno an errno, positive (16) or negated as a syscall returns it (-16).
     * @return its name (EBUSY), or null when Linux has none.
     */
    public static String name(final long errno)
    {
        final long value = errno < 0 ? -errno : errno;
        if (value < NAMES.length)
        {
            return NAMES[(int)value];
        }
        if (value >= KERNEL_INTERNAL_BASE && value < KERNEL_INTERNAL_BASE + KERNEL_INTERNAL_NAMES.length)
        {
            return KERNEL_INTERNAL_NAMES[(int)(value - KERNEL_INTERNAL_BASE)];
        }
        return null;
    }

    /**
     * @param name an errno name, e.g. "EBUSY" (any case), or a number, e.g. "16".
     * @return its positive value, or -1 when Linux has no errno of that name.
     */
    public static int byName(final String name)
    {
        if (name.matches("[0-9]{1,4}"))
        {
            final int value = Integer.parseInt(name);
            return value > 0 && value < 4096 ? value : -1;
        }
        for (int errno = 1; errno < NAMES.length; errno++)
        {
            if (name.equalsIgnoreCase(NAMES[errno]))
            {
                return errno;
            }
        }
        for (int i = 0; i < KERNEL_INTERNAL_NAMES.length; i++)
        {
            if (name.equalsIgnoreCase(KERNEL_INTERNAL_NAMES[i]))
            {
                return KERNEL_INTERNAL_BASE + i;
            }
        }
        return -1;
    }
}
