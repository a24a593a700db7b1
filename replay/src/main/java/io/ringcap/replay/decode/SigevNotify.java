package io.ringcap.replay.decode;

/**
 * {@code sigev_notify} values of {@code struct sigevent} (asm-generic/siginfo.h): how a process
 * asks to be told of an event.
 */
public final class SigevNotify
{
    /** Send sigev_signo with sigev_value. */
    public static final int SIGEV_SIGNAL = 0;
    /** Do nothing. */
    public static final int SIGEV_NONE = 1;
    /**
     * Run a function in a new thread: done by glibc. For mq_notify the kernel then notifies through a
     * netlink socket whose fd is sigev_signo, with a cookie at sigev_value.
     */
    public static final int SIGEV_THREAD = 2;
    /** Send the signal to the thread _sigev_un._tid (Linux-specific). */
    public static final int SIGEV_THREAD_ID = 4;

    private SigevNotify()
    {
    }

    /**
     * @param notify a sigev_notify value.
     * @return its name, or null for a value Linux does not define.
     */
    public static String name(final int notify)
    {
        switch (notify)
        {
            case SIGEV_SIGNAL:
                return "SIGEV_SIGNAL";
            case SIGEV_NONE:
                return "SIGEV_NONE";
            case SIGEV_THREAD:
                return "SIGEV_THREAD";
            case SIGEV_THREAD_ID:
                return "SIGEV_THREAD_ID";
            default:
                return null;
        }
    }
}
