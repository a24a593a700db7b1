package io.ringcap.linux;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The few libc calls the loader needs, bound directly (JNA direct mapping). None is on a hot path.
 */
public final class LibC
{
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_SHARED = 0x01;
    public static final long MAP_FAILED = -1L;

    public static final int O_RDONLY = 0;
    public static final int O_NOCTTY = 0400;
    public static final int O_CLOEXEC = 02000000;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EEXIST = 17;

    public static final int CLOCK_REALTIME = 0;
    public static final int CLOCK_BOOTTIME = 7;

    static
    {
        Native.register("c");
    }

    private LibC()
    {
    }

    public static native long mmap(long addr, long length, int prot, int flags, int fd, long offset);

    public static native int munmap(long addr, long length);

    public static native int umask(int mask);

    /** @param param struct sched_param: its one int, sched_priority. */
    public static native int sched_setscheduler(int pid, int policy, int[] param);

    /**
     * @param tid        a thread id (0: the calling thread).
     * @param cpusetsize bytes of mask: a multiple of 8.
     * @param mask       cpu_set_t: bit n of word n / 64 is CPU n.
     */
    public static native int sched_setaffinity(int tid, long cpusetsize, long[] mask);

    /**
     * @param cpusetsize bytes of mask, at least the kernel's nr_cpu_ids / 8 (else EINVAL).
     * @param mask       filled in (glibc returns 0 and zeroes the words the kernel did not fill).
     */
    public static native int sched_getaffinity(int tid, long cpusetsize, long[] mask);

    public static native int geteuid();

    /** @param mode before the umask, as mkdir(2) takes it. */
    public static native int mkdir(String path, int mode);

    public static native int open(String path, int flags);

    public static native int getpgrp();

    /** @return the foreground process group of the terminal open on fd, or -1. */
    public static native int tcgetpgrp(int fd);

    /** @return 1 when fd is open on a terminal, else 0 (errno says why). */
    public static native int isatty(int fd);

    public static native int kill(int pid, int sig);

    /** glibc 2.36: a descriptor that names one process, however soon its pid is reused. */
    public static native int pidfd_open(int pid, int flags);

    /** @param info NULL: the kernel fills in SI_USER and this process as the sender, as kill(2) does. */
    public static native int pidfd_send_signal(int pidfd, int sig, Pointer info, int flags);

    public static native int close(int fd);

    /** @param timespec 16 bytes: tv_sec, tv_nsec. */
    public static native int clock_gettime(int clockId, long[] timespec);

    public static native int mount(String source, String target, String fsType, long flags, Pointer data);

    public static native Pointer strerror(int errnum);

    public static native int vsnprintf(byte[] buffer, long size, Pointer format, Pointer vaList);

    /**
     * @return errno of the last native call on this thread.
     */
    public static int errno()
    {
        return Native.getLastError();
    }

    /**
     * @param errnum an errno value, positive or negative.
     * @return its message, e.g. "Operation not permitted".
     */
    public static String describe(final int errnum)
    {
        final Pointer message = strerror(Math.abs(errnum));
        return null == message ? "errno " + errnum : message.getString(0);
    }

    /**
     * @param clockId CLOCK_REALTIME or CLOCK_BOOTTIME.
     * @return the clock in nanoseconds.
     */
    public static long clockNanos(final int clockId)
    {
        final long[] timespec = new long[2];
        if (0 != clock_gettime(clockId, timespec))
        {
            throw new IllegalStateException("clock_gettime(" + clockId + "): " + describe(errno()));
        }
        return timespec[0] * 1_000_000_000L + timespec[1];
    }
}
